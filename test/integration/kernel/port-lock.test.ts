import { expect } from 'chai';
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';

/**
 * The takeover lock and the gratuitous ARP on this kernel, each in network namespaces of its own
 * (made and removed here; root needed, as in CI), through the agent's own code run by a child in
 * the namespace: what a client would see of the lock (its SYN dropped, then answered), and the
 * ARP announcement as another host's capture decodes it.
 */
const NS = `hatcp-t${process.pid}`;
const distAgent = fileURLToPath(new URL('../../../agent/', import.meta.url));

const sh = (cmd: string, args: string[]) => execa(cmd, args, { reject: false });
const inNs = (ns: string, script: string) => execa('ip', ['netns', 'exec', ns, process.execPath, '--input-type=module', '-e', script], { reject: false, timeout: 20000 });

describe('the takeover lock and gratuitous ARP on this kernel (network namespaces)', function () {
  this.timeout(30000);
  before(async function () {
    if (process.getuid?.() !== 0) this.skip(); // not root: no network namespaces, no CAP_NET_ADMIN
    await sh('ip', ['netns', 'del', NS]);
    await sh('ip', ['netns', 'del', `${NS}b`]);
  });
  afterEach(async function () {
    await sh('ip', ['netns', 'del', NS]);
    await sh('ip', ['netns', 'del', `${NS}b`]);
  });

  it('an armed address drops inbound connections to the port and counts them; unlocked, the same client gets in', async function () {
    expect((await sh('ip', ['netns', 'add', NS])).exitCode).to.equal(0);
    await sh('ip', ['-n', NS, 'link', 'set', 'lo', 'up']);
    await sh('ip', ['-n', NS, 'addr', 'add', '10.99.0.100/32', 'dev', 'lo']);
    const r = await inNs(NS, `
      import net from 'node:net';
      import { PortLock } from '${distAgent}shell/port-lock.js';
      const server = net.createServer((s) => s.end('hello')).listen(7000, '0.0.0.0');
      const tryConnect = () => new Promise((resolve) => {
        const c = net.connect({ host: '10.99.0.100', port: 7000, timeout: 300 });
        c.once('data', (b) => { resolve('answered ' + b); c.destroy(); });
        c.once('timeout', () => { resolve('timed out'); c.destroy(); });
        c.once('error', (e) => resolve('error ' + e.code));
      });
      const logs = [];
      const lock = new PortLock(7000, (l) => logs.push(l));
      lock.arm(['10.99.0.100']);
      const locked = await lock.lock(['10.99.0.100']);
      const whileLocked = await tryConnect();
      const unlock = lock.unlock(['10.99.0.100']);
      const afterUnlock = await tryConnect();
      const dropped = await unlock.dropped;
      await lock.close();
      server.close();
      console.log(JSON.stringify({ locked, whileLocked, unlockOk: unlock.ok, afterUnlock, dropped, logs }));
    `);
    expect(r.exitCode, r.stderr).to.equal(0);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(out.logs).to.deep.equal([]);
    expect(out.locked).to.deep.equal({ ok: true, error: '' });
    expect(out.whileLocked, 'the SYN is dropped, not answered with RST').to.equal('timed out');
    expect(out.unlockOk).to.equal(true);
    expect(out.afterUnlock).to.equal('answered hello');
    // The first SYN and at least one retransmission of it (the kernel's 1 s SYN timer may not have fired within 300 ms: ≥ 1).
    expect(out.dropped).to.be.at.least(1);
  });

  it('an address this node puts up without a takeover leaves the set at once (addressUp)', async function () {
    expect((await sh('ip', ['netns', 'add', NS])).exitCode).to.equal(0);
    const r = await inNs(NS, `
      import { PortLock } from '${distAgent}shell/port-lock.js';
      import { execFileSync } from 'node:child_process';
      const lock = new PortLock(7000, () => {});
      lock.arm(['10.99.0.100', '10.99.0.101']);
      await lock.lock([]);
      const armed = execFileSync('nft', ['list', 'set', 'ip', 'hatcp_lock', 'vips']).toString();
      lock.addressUp('10.99.0.101');
      const after = execFileSync('nft', ['list', 'set', 'ip', 'hatcp_lock', 'vips']).toString();
      await lock.close();
      console.log(JSON.stringify({ armed, after }));
    `);
    expect(r.exitCode, r.stderr).to.equal(0);
    const { armed, after } = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { armed: string; after: string };
    expect(armed).to.match(/elements = \{ 10\.99\.0\.100, 10\.99\.0\.101 \}/);
    expect(after).to.match(/elements = \{ 10\.99\.0\.100 \}/);
  });

  it('the gratuitous ARP leaves as an ARP request from the announced address for itself, broadcast, from the given MAC', async function () {
    expect((await sh('ip', ['netns', 'add', NS])).exitCode).to.equal(0);
    expect((await sh('ip', ['netns', 'add', `${NS}b`])).exitCode).to.equal(0);
    expect((await sh('ip', ['-n', NS, 'link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb', 'netns', `${NS}b`])).exitCode).to.equal(0);
    await sh('ip', ['-n', NS, 'link', 'set', 'va', 'address', '02:00:00:00:00:aa']);
    await sh('ip', ['-n', NS, 'link', 'set', 'va', 'up']);
    await sh('ip', ['-n', `${NS}b`, 'link', 'set', 'vb', 'up']);
    const capture = execa('ip', ['netns', 'exec', `${NS}b`, 'tcpdump', '-i', 'vb', '-c', '1', '-nn', '-e', '-l', 'arp'], { reject: false, timeout: 15000 });
    await new Promise((r) => setTimeout(r, 1000)); // tcpdump listening
    const r = await inNs(NS, `
      import { PacketSocket } from '${distAgent}link/packet-socket.js';
      import { gratuitousArp } from '${distAgent}link/garp-frame.js';
      const s = new PacketSocket('va');
      console.log(JSON.stringify({ problem: s.send(gratuitousArp('02:00:00:00:00:aa', '10.99.0.100')) ?? null }));
      s.close();
    `);
    expect(r.exitCode, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout.trim())).to.deep.equal({ problem: null });
    const seen = await capture;
    expect(seen.stdout).to.match(/02:00:00:00:00:aa > ff:ff:ff:ff:ff:ff, ethertype ARP \(0x0806\), length 42: Request who-has 10\.99\.0\.100 tell 10\.99\.0\.100, length 28/);
  });
});
