import { execa } from 'execa';
import { expect } from 'chai';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docker } from '../../../harness/backends/docker/client.js';
import { LABEL } from '../../../harness/backends/docker/labels.js';
import { cli, dockerSuite, leftovers } from '../../support/docker.js';

/** A copy of ha-lan under another name and subnet, in a temporary folder. */
async function tempTopology(name: string, octet: number): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'hatcp-test-'));
  const text = (await readFile('topologies/ha-lan.yaml', 'utf8'))
    .replace(/^name: .*$/m, `name: ${name}`)
    .replaceAll('10.77.0.', `10.${octet}.0.`);
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, text);
  return { dir, file };
}

describe('@docker cli', function () {
  dockerSuite();

  it('up prints each node, exec runs in a node by name, ls lists it, down removes it', async function () {
    const upped = await cli(['up', 'topologies/ha-lan.yaml']);
    expect(upped.exitCode, upped.stderr).to.equal(0);
    expect(upped.stdout).to.match(/^client\s+client\s+10\.77\.0\.10 \(eth0\)\s+hatcp-ha-lan-client$/m);
    expect(upped.stdout).to.match(/^topology ha-lan up in [\d.]+ (ms|s);/m);
    const ping = await cli(['exec', 'client', '--', 'ping', '-c1', 'primary']);
    expect(ping.exitCode).to.equal(0);
    expect(ping.stdout).to.include('bytes from primary (10.77.0.11)');
    expect((await cli(['exec', 'client', '--', 'sh', '-c', 'exit 7'])).exitCode, 'exit code passes through').to.equal(7);
    const ls = await cli(['ls']);
    expect(ls.stdout).to.match(/^ha-lan\s+witness\s+witness\s+10\.77\.0\.13\s+running$/m);
    const downed = await cli(['down', 'ha-lan']);
    expect(downed.stdout).to.equal('removed 4 containers and 1 networks of ha-lan');
    expect(await leftovers()).to.deep.equal([]);
  });

  it('clean removes a topology whose file was deleted', async function () {
    const { dir, file } = await tempTopology('orphan', 203);
    expect((await cli(['up', file])).exitCode).to.equal(0);
    await rm(dir, { recursive: true });
    const cleaned = await cli(['clean']);
    expect(cleaned.exitCode, cleaned.stderr).to.equal(0);
    expect(cleaned.stdout).to.match(/^removed 4 containers, 1 networks,/);
    expect(await leftovers()).to.deep.equal([]);
  });

  it('Ctrl-C in the middle of up leaves nothing behind', async function () {
    const { dir, file } = await tempTopology('sigint', 204);
    try {
      const child = execa('node', ['bin/hatcp.js', 'up', file], { reject: false, stdin: 'ignore' });
      // Interrupt once the first network exists, that is, mid-way through creating things.
      for (let i = 0; i < 200; i++) {
        const nets = await docker().listNetworks({ filters: JSON.stringify({ label: [`${LABEL.topology}=sigint`] }) });
        if (nets.length > 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      child.kill('SIGINT');
      const result = await child;
      expect(result.exitCode, String(result.stderr)).to.equal(130);
      expect(String(result.stderr)).to.include('interrupted: cleaning up');
      expect(await leftovers()).to.deep.equal([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a subnet that overlaps an existing Docker network, naming both, and creates nothing', async function () {
    const blocker = await docker().createNetwork({
      Name: 'hatcp-blocker', Labels: { [LABEL.managed]: '1', [LABEL.topology]: 'blocker' },
      IPAM: { Config: [{ Subnet: '10.77.0.0/16' }] },
    });
    try {
      const r = await cli(['up', 'topologies/ha-lan.yaml']);
      expect(r.exitCode).to.equal(2);
      expect(r.stderr).to.match(/^error: topologies\/ha-lan\.yaml:\d+:\d+ networks\.lan\.subnet: 10\.77\.0\.0\/24 overlaps the existing Docker network hatcp-blocker \(10\.77\.0\.0\/16\)/);
    } finally {
      await blocker.remove();
    }
    expect(await leftovers()).to.deep.equal([]);
  });

  it('doctor prints each precondition', async function () {
    const r = await cli(['doctor']);
    for (const name of ['CAP_NET_ADMIN', 'Docker engine', 'tcpdump (host)', 'TCP_REPAIR', 'netem (delay, jitter)', 'tc bpf + mirred (monitor ports)', 'br_netfilter / FORWARD', 'node image']) {
      expect(r.stdout).to.match(new RegExp(`^(ok  |warn|FAIL)  ${name.replace(/[()/+]/g, '\\$&')}: `, 'm'));
    }
    expect(r.stdout).to.match(/^ok {4}TCP_REPAIR: setsockopt\(TCP_REPAIR\) accepted$/m);
  });
});
