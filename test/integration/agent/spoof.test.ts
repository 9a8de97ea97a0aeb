import { expect } from 'chai';
import { AGENTS } from '../../../harness/agents/registry.js';
import { GROUP, PORT } from '../../../harness/agents/hatcp/plugin.js';
import { up } from '../../../harness/lab/up.js';
import { defineScenario } from '../../../harness/scenario/load.js';
import { dockerSuite } from '../../support/docker.js';

/**
 * Run in the client node: waits for one genuine ownership datagram of the primary, then sends it
 * back three times (replays), three copies with one body bit flipped (forgeries: the HMAC no longer
 * matches), three random datagrams and three truncated ones.
 */
const ATTACKER = `
const dgram = require('dgram'), crypto = require('crypto');
const [group, port, self, victim] = process.argv.slice(1);
const s = dgram.createSocket({ type: 'udp4', reuseAddr: true });
s.bind(Number(port), () => { s.addMembership(group, self); s.setMulticastInterface(self); });
s.on('message', (m, from) => {
  if (from.address !== victim) return;
  s.removeAllListeners('message');
  const forged = Buffer.from(m); forged[forged.length - 1] ^= 1;
  const out = [m, m, m, forged, forged, forged, crypto.randomBytes(80), crypto.randomBytes(80), crypto.randomBytes(80), m.subarray(0, 10), m.subarray(0, 10), m.subarray(0, 10)];
  let left = out.length;
  for (const b of out) s.send(b, Number(port), group, () => { if (--left === 0) { console.log(out.length); process.exit(0); } });
});
setTimeout(() => { console.error('no ownership datagram heard in 5 s'); process.exit(1); }, 5000);
`;

describe('@docker hatcp agent under spoofed input', function () {
  this.timeout(120_000);
  dockerSuite();

  it('drops replayed, forged, random and truncated ownership datagrams from the client, counts them, and nothing moves', async function () {
    const scenario = defineScenario({
      name: 'spoof', topology: 'topologies/ha-lan.yaml', service: { vip: '10.77.0.100', port: 7000, app: 'echo' },
      agent: { kind: 'hatcp', interval: '50ms', misses: 3 }, traffic: [{ kind: 'stream', rate: 10, duration: '1s' }],
    }, 'test');
    await using lab = await up(scenario.topology);
    const ctx = { lab, scenario, log: () => undefined };
    await AGENTS.hatcp.start(ctx);
    const ready = Date.now(); // what the agents did while bringing themselves up is not the attack's
    const sent = await lab.exec('client', ['node', '-e', ATTACKER, GROUP, String(PORT), '10.77.0.10', '10.77.0.11']);
    expect(sent.exitCode, sent.stderr).to.equal(0);
    expect(sent.stdout.trim()).to.equal('12');
    await new Promise((resolve) => setTimeout(resolve, 1500)); // counters are reported once a second

    const holders = await Promise.all(['primary', 'standby'].map(async (n) => (await lab.exec(n, ['ip', '-4', '-o', 'addr'])).stdout.includes(' 10.77.0.100/')));
    expect(holders, 'VIP on [primary, standby]').to.deep.equal([true, false]);
    const events = await AGENTS.hatcp.events(ctx);
    for (const node of ['primary', 'standby', 'witness']) {
      const last = events.filter((e) => e.source === 'agent' && e.node === node && e.kind === 'dropped').at(-1);
      expect(last, `${node} reported no drops`).to.not.equal(undefined);
      const detail = (last as { detail: string }).detail;
      // Each node got the 12. The replayed datagram is the primary's: the standby and the witness had
      // it already (3 replays); the primary never hears itself, so the first copy is new to it (it
      // ignores its own messages) and the next two are replays.
      expect(detail, `${node}: ${detail}`).to.match(/bad-mac 3/);
      expect(detail, `${node}: ${detail}`).to.match(/truncated 3/);
      expect(detail, `${node}: ${detail}`).to.match(node === 'primary' ? /replay 2/ : /replay 3/);
      expect(detail, `${node}: ${detail}`).to.match(/bad-magic 3/);
    }
    const moved = events.filter((e) => e.source === 'agent' && e.t >= ready && ['declared', 'decided', 'fenced', 'vip-down'].includes(e.kind));
    expect(moved, JSON.stringify(moved)).to.deep.equal([]);
  });
});
