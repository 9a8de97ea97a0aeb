import { expect } from 'chai';
import { up } from '../../../harness/lab/up.js';
import { reachability } from '../../../harness/lab/smoke.js';
import { cpus } from 'node:os';
import { maskValue } from '../../../harness/links/receive-steering.js';
import { loadTopology, parseTopology } from '../../../harness/topology/load.js';
import { dockerSuite, hostVethCount, leftovers } from '../../support/docker.js';

describe('@docker lab: up and down', function () {
  dockerSuite();

  it('brings up the four-node ha-lan topology where every node reaches every other by name', async function () {
    await using lab = await up(await loadTopology('topologies/ha-lan.yaml'));
    expect([...lab.nodes.values()].map((n) => `${n.name}/${n.role}/${n.ip}`)).to.deep.equal([
      'client/client/10.77.0.10', 'primary/primary/10.77.0.11', 'standby/standby/10.77.0.12', 'witness/witness/10.77.0.13',
    ]);
    const pairs = await reachability(lab);
    expect(pairs).to.have.length(12);
    expect(pairs.filter((p) => !p.ok), 'unreachable pairs').to.deep.equal([]);
  });

  it('down leaves no labelled container, network, bridge or host veth', async function () {
    const vethsBefore = await hostVethCount();
    const lab = await up(await loadTopology('topologies/ha-lan.yaml'));
    expect(await hostVethCount()).to.equal(vethsBefore + 4);
    await lab.down();
    expect(await leftovers()).to.deep.equal([]);
    expect(await hostVethCount()).to.equal(vethsBefore);
  });

  it('runs two topologies with different names side by side', async function () {
    await using a = await up(await loadTopology('topologies/ha-lan.yaml'));
    await using b = await up(await loadTopology('topologies/ha-lan-plain.yaml'));
    const [ra, rb] = await Promise.all([reachability(a), reachability(b)]);
    expect([...ra, ...rb].filter((p) => !p.ok)).to.deep.equal([]);
    await a.down();
    expect((await b.exec('client', ['ping', '-c1', '-W2', 'witness'])).exitCode, 'the other topology still works').to.equal(0);
  });

  it('refuses a second up of the same topology name and leaves the first intact', async function () {
    await using lab = await up(await loadTopology('topologies/ha-lan.yaml'));
    let error: Error | undefined;
    await up(await loadTopology('topologies/ha-lan.yaml')).catch((e: Error) => { error = e; });
    expect(error?.message).to.equal('topology ha-lan is already up (4 containers, 1 networks)');
    expect((await lab.exec('client', ['ping', '-c1', '-W2', 'primary'])).exitCode).to.equal(0);
  });

  it('pins a node to the CPUs it names, and refuses a CPU the host lacks before creating anything', async function () {
    const text = (witnessCpus: string) => `name: pinned\nnetworks: { lan: { subnet: 10.77.0.0/24 } }\nnodes:\n  client: { role: client, ip: 10.77.0.10, cpus: "0" }\n  witness: { role: witness, ip: 10.77.0.13, cpus: "${witnessCpus}" }\n`;
    const last = cpus().length - 1;
    {
      await using lab = await up(parseTopology(text(String(last)), 'pinned.yaml'));
      const allowed = async (node: string) => (await lab.exec(node, ['sh', '-c', 'grep Cpus_allowed_list /proc/self/status'])).stdout.trim();
      expect(await allowed('client')).to.equal('Cpus_allowed_list:\t0');
      expect(await allowed('witness')).to.equal(`Cpus_allowed_list:\t${last}`);
      // Its receive processing on the same CPUs (RPS), as the node's own sysfs reads it.
      const steered = async (node: string) => (await lab.exec(node, ['sh', '-c', 'cat /sys/class/net/eth*/queues/rx-*/rps_cpus'])).stdout.trim().split('\n').map(maskValue);
      expect(await steered('client')).to.deep.equal([1n]);
      expect(await steered('witness')).to.deep.equal([1n << BigInt(last)]);
      // and the node's sysfs left read-only, as Docker made it.
      expect((await lab.exec('witness', ['sh', '-c', 'echo 1 > /sys/class/net/eth0/queues/rx-0/rps_cpus'])).stderr).to.include('Read-only file system');
    }
    let error: Error | undefined;
    await up(parseTopology(text(`0,${last + 1}`), 'pinned.yaml')).catch((e: Error) => { error = e; });
    expect(error?.message).to.equal(`topology pinned (pinned.yaml): node witness is pinned to cpus "0,${last + 1}", but the Docker host has ${last + 1} CPU(s), numbered 0–${last}`);
    expect(await leftovers()).to.deep.equal([]);
  });
});
