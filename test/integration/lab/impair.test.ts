import { expect } from 'chai';
import type { Lab } from '../../../harness/lab/lab.js';
import { up } from '../../../harness/lab/up.js';
import { probeKernelFeature } from '../../../harness/host/kernel-features.js';
import { defineTopology } from '../../../harness/topology/load.js';
import { dockerSuite, leftovers } from '../../support/docker.js';

function impaired(impair: Record<string, unknown>) {
  return defineTopology({
    name: 'impair',
    networks: { lan: { subnet: '10.201.0.0/24' } },
    nodes: {
      client: { role: 'client', ip: '10.201.0.10', impair },
      primary: { role: 'primary', ip: '10.201.0.11' },
      standby: { role: 'standby', ip: '10.201.0.12' },
    },
  });
}

/** Sends `bytes` from one node to another over TCP and returns the goodput in Mbit/s, timed until the receiver has it all. */
async function goodputMbps(lab: Lab, from: string, to: string, bytes: number): Promise<number> {
  await lab.exec(to, ['sh', '-c', 'nc -l 7001 >/dev/null </dev/null & sleep 0.2']);
  const r = await lab.exec(from, ['sh', '-c',
    `s=$(date +%s%N); head -c ${bytes} /dev/zero | nc -N -w 10 ${to} 7001 >/dev/null && e=$(date +%s%N) && echo $(( (e - s) / 1000 ))`]);
  expect(r.exitCode, r.stderr).to.equal(0);
  return (bytes * 8) / Number(r.stdout.trim());
}

describe('@docker lab: link impairments', function () {
  dockerSuite();

  it('a 10 Mbit/s rate limit holds a transfer near 10 Mbit/s while an unimpaired link is far faster', async function () {
    await using lab = await up(impaired({ rate: '10mbit' }));
    const limited = await goodputMbps(lab, 'client', 'primary', 3_000_000);
    const free = await goodputMbps(lab, 'standby', 'primary', 3_000_000);
    expect(limited, `limited link ran at ${limited.toFixed(1)} Mbit/s`).to.be.within(6, 10.5);
    expect(free, `free link ran at ${free.toFixed(0)} Mbit/s`).to.be.greaterThan(50);
  });

  it('30 % loss drops about 30 % of what the node sends', async function () {
    await using lab = await up(impaired({ loss: '30%' }));
    const r = await lab.exec('client', ['ping', '-c', '200', '-i', '0.01', '-W', '1', '-q', 'primary']);
    const loss = Number(/([\d.]+)% packet loss/.exec(r.stdout)?.[1]);
    expect(loss, r.stdout).to.be.within(18, 42);
    const clean = await lab.exec('standby', ['ping', '-c', '100', '-i', '0.01', '-W', '1', '-q', 'primary']);
    expect(clean.stdout).to.include(' 0% packet loss');
  });

  it('delay is refused before anything is created when the kernel has no netem, and applied when it has', async function () {
    const netem = await probeKernelFeature('sch_netem');
    if (netem.present) {
      await using lab = await up(impaired({ delay: '40ms' }));
      const r = await lab.exec('client', ['ping', '-c', '3', '-q', 'primary']);
      const avg = Number(/= [\d.]+\/([\d.]+)\//.exec(r.stdout)?.[1]);
      expect(avg).to.be.greaterThan(35);
      return;
    }
    let error: Error | undefined;
    await up(impaired({ delay: '40ms' })).catch((e: Error) => { error = e; });
    expect(error?.message).to.match(/^sch_netem is not available in this kernel \(.+\); needed by client\/lan$/);
    expect(await leftovers()).to.deep.equal([]);
  });
});
