import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import { docker } from '../../../harness/backends/docker/client.js';
import type { Lab } from '../../../harness/lab/lab.js';
import { up } from '../../../harness/lab/up.js';
import { loadTopology } from '../../../harness/topology/load.js';
import { dockerSuite } from '../../support/docker.js';

/** Starts tcpdump on a node's eth0 for `seconds`, once it listens; what it printed comes when it ends. */
async function tcpdumpOn(lab: Lab, node: string, seconds: number, filter: string): Promise<{ printed: Promise<string> }> {
  const listening = new PassThrough();
  const ready = new Promise<void>((resolve) => listening.on('data', (b: Buffer) => { if (b.toString().includes('listening on')) resolve(); }));
  const capture = lab.exec(node, ['timeout', '-s', 'INT', String(seconds), 'tcpdump', '-i', 'eth0', '-n', '-l', filter], { stderr: listening });
  await ready;
  // Wrapped: an async function would wait for a promise it returned.
  return { printed: capture.then((r) => r.stdout) };
}

/** Captures on `on` (the witness unless said; tcpdump in the foreground) while client talks TCP to primary; returns the packets seen. */
async function witnessSeesClientPrimaryTcp(lab: Lab, on = 'witness'): Promise<string[]> {
  // Let the bridge learn every MAC first, so that flooding in plain mode would only be a bug.
  for (const n of ['primary', 'standby', 'witness']) await lab.exec('client', ['ping', '-c1', '-W2', n]);
  const capture = await tcpdumpOn(lab, on, 4, 'tcp port 7000');
  await lab.exec('primary', ['sh', '-c', 'nc -l 7000 >/tmp/got </dev/null & sleep 0.2']);
  const sent = await lab.exec('client', ['sh', '-c', 'echo hello-witness | nc -N -w 3 primary 7000']);
  expect(sent.exitCode, sent.stderr).to.equal(0);
  expect((await lab.exec('primary', ['cat', '/tmp/got'])).stdout).to.equal('hello-witness\n');
  return (await capture.printed).split('\n').filter((l) => l.includes(' IP '));
}

/** What the standby captured of a datagram the primary sent to VRRP's multicast group. */
async function standbyHearsPrimaryMulticast(lab: Lab): Promise<string> {
  const capture = await tcpdumpOn(lab, 'standby', 3, 'udp and dst 224.0.0.18');
  await lab.exec('primary', ['sh', '-c', 'echo hello | nc -u -w0 224.0.0.18 5405']);
  return capture.printed;
}

describe('@docker lab: hub mode and a monitor port let the witness see others\' traffic', function () {
  dockerSuite();

  it('with hub: true the witness captures the client↔primary TCP exchange', async function () {
    await using lab = await up(await loadTopology('topologies/ha-lan.yaml'));
    const packets = await witnessSeesClientPrimaryTcp(lab);
    expect(packets.some((p) => p.includes('10.77.0.10.') && p.includes('> 10.77.0.11.7000: Flags [S]')), packets.join('\n')).to.equal(true);
    expect(packets.some((p) => p.includes('10.77.0.11.7000 > 10.77.0.10.')), 'server to client seen too').to.equal(true);
  });

  it('without hub the witness captures none of it', async function () {
    await using lab = await up(await loadTopology('topologies/ha-lan-plain.yaml'));
    expect(await witnessSeesClientPrimaryTcp(lab)).to.deep.equal([]);
  });

  it('multicast from one node reaches every other (VRRP and agent heartbeats rely on it)', async function () {
    await using lab = await up(await loadTopology('topologies/ha-lan.yaml'));
    expect(await standbyHearsPrimaryMulticast(lab)).to.match(/^.* IP 10\.77\.0\.11\.\d+ > 224\.0\.0\.18\.5405: UDP, length 6$/m);
  });

  it('with monitor: witness, the witness captures the client↔primary exchange and the standby none of it, also after the witness restarts', async function () {
    await using lab = await up(await loadTopology('topologies/ha-lan-monitor.yaml'));
    const both = (packets: string[]) => [
      packets.some((p) => p.includes('10.79.0.10.') && p.includes('> 10.79.0.11.7000: Flags [S]')),
      packets.some((p) => p.includes('10.79.0.11.7000 > 10.79.0.10.')),
    ];
    let packets = await witnessSeesClientPrimaryTcp(lab);
    expect(both(packets), packets.join('\n')).to.deep.equal([true, true]);
    // Each frame copied once, as it entered the bridge: the witness sees the SYN once, not per port.
    expect(packets.filter((p) => p.includes('> 10.79.0.11.7000: Flags [S]')), packets.join('\n')).to.have.length(1);
    expect(await witnessSeesClientPrimaryTcp(lab, 'standby')).to.deep.equal([]);
    // What the witness gets anyway is not copied to it again: frames addressed to it, and multicast.
    const capture = await tcpdumpOn(lab, 'witness', 3, 'icmp[icmptype] = icmp-echo or (udp and dst 224.0.0.18)');
    await lab.exec('client', ['ping', '-c3', '-i0.2', 'witness']);
    await lab.exec('primary', ['sh', '-c', 'echo hello | nc -u -w0 224.0.0.18 5405']);
    const heard = (await capture.printed).split('\n').filter((l) => l.includes(' IP '));
    expect(heard.filter((l) => l.includes('10.79.0.10 > 10.79.0.13: ICMP echo request')), heard.join('\n')).to.have.length(3);
    expect(heard.filter((l) => l.includes('> 224.0.0.18.5405: UDP')), heard.join('\n')).to.have.length(1);
    // A restarted witness has a new veth: every port's mirror is pointed at it again.
    await docker().getContainer(lab.node('witness').containerId).kill();
    await lab.restart('witness');
    packets = await witnessSeesClientPrimaryTcp(lab);
    expect(both(packets), packets.join('\n')).to.deep.equal([true, true]);
  });

  it('with monitor: witness, multicast from one node still reaches every other', async function () {
    await using lab = await up(await loadTopology('topologies/ha-lan-monitor.yaml'));
    expect(await standbyHearsPrimaryMulticast(lab)).to.match(/^.* IP 10\.79\.0\.11\.\d+ > 224\.0\.0\.18\.5405: UDP, length 6$/m);
  });
});
