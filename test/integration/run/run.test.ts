import { execa } from 'execa';
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Report } from '../../../harness/report/index.js';
import { cli, dockerSuite, leftovers } from '../../support/docker.js';
import { freshResultsDir, injected, runScenario } from '../../support/run.js';

/** Timestamps (epoch s) of the frames a MAC sent, read back with tcpdump as a user would. */
async function framesFrom(pcap: string, mac: string): Promise<number[]> {
  const r = await execa('tcpdump', ['-r', pcap, '-n', '-tt', '-e', `ether src ${mac}`], { reject: false });
  expect(r.exitCode, String(r.stderr)).to.equal(0);
  return String(r.stdout).split('\n').filter(Boolean).map((l) => Number(l.split(' ')[0]));
}

describe('@docker hatcp run', function () {
  this.timeout(180_000);
  dockerSuite();
  const dir = freshResultsDir();

  it('crash-none: the connection is lost, the service is down until the restart; the crash is fail-stop on the bridge capture', async function () {
    const r = await runScenario('scenarios/crash-none.yaml', dir());
    expect(r.exitCode, r.stderr).to.equal(0);
    expect(r.stdout).to.include('# Verdict: PASS - crash-none');
    const gen = r.metrics.generators[0]!;
    expect(gen.survived).to.equal(false);
    expect(gen.lost).to.be.greaterThan(0);
    expect(gen.reconnects).to.have.length(1);
    const [crash] = injected(r.events, 'crash');
    const [restart] = injected(r.events, 'restart');
    expect(crash!.verified && restart!.verified).to.equal(true);
    // Down from the crash until the restart: nothing verified in between, and the first answer comes after it.
    const f1 = r.metrics.faults.find((f) => f.id === 'f1')!;
    expect(f1.recovered).to.equal(true);
    expect(f1.appliedAtMs! + f1.recoverMs!).to.be.greaterThan(r.metrics.faults.find((f) => f.id === 'f2')!.appliedAtMs!);

    // Fail-stop, checked independently of the harness: the primary's MAC sends frames before the
    // crash, and none between the crash instant and the restart.
    const evidence = r.events.find((e) => e.source === 'injector' && e.kind === 'evidence');
    expect(evidence && 'verified' in evidence && evidence.verified, JSON.stringify(evidence)).to.equal(true);
    const mac = /\(([0-9a-f:]{17})\)/.exec((evidence as { evidence: string }).evidence)![1]!;
    const times = await framesFrom(join(r.runDir, 'pcap', 'lan.bridge.pcap'), mac);
    expect(times.filter((t) => t * 1000 < crash!.applied).length, 'frames before the crash').to.be.greaterThan(100);
    expect(times.filter((t) => t * 1000 > crash!.applied && t * 1000 < restart!.scheduled), 'frames from the crashed primary before its restart began').to.deep.equal([]);

    for (const f of ['report.md', 'history.ndjson', 'events.ndjson', 'timeline.svg', 'scenario.json', 'environment.json', 'pcap/client-lan.pcap', 'pcap/primary-lan.pcap', 'pcap/primary-lan.1.pcap', 'logs/primary-hatcp-app.log']) {
      expect(existsSync(join(r.runDir, f)), f).to.equal(true);
    }
    expect(await readFile(join(r.runDir, 'timeline.svg'), 'utf8')).to.match(/^(<\?xml[^>]*>\s*)?<svg[^>]*>[\s\S]*<\/svg>\s*$/);
  });

  it('capture: bridges writes the bridge capture alone, which still holds both ends of the connection and the crash evidence', async function () {
    const file = join(dir(), 'bridges-only.yaml');
    await writeFile(file, [
      'name: bridges-only',
      `topology: ${resolve('topologies/ha-lan.yaml')}`,
      'service: { vip: 10.77.0.100, port: 7000, app: echo }',
      'agent: { kind: none }',
      'traffic: [{ kind: stream, rate: 100, duration: 2s }]',
      'faults: [{ at: 1s, action: crash, target: standby }]',
      'capture: bridges',
    ].join('\n'));
    const r = await runScenario(file, join(dir(), 'results'));
    expect(r.exitCode, r.stdout + r.stderr).to.equal(0);
    expect(await readdir(join(r.runDir, 'pcap'))).to.deep.equal(['lan.bridge.pcap']);
    const evidence = r.events.find((e) => e.source === 'injector' && e.kind === 'evidence');
    expect(evidence && 'verified' in evidence && evidence.verified, JSON.stringify(evidence)).to.equal(true);
    const both = await execa('tcpdump', ['-r', join(r.runDir, 'pcap', 'lan.bridge.pcap'), '-n', 'tcp port 7000 and host 10.77.0.10 and host 10.77.0.100']);
    const lines = String(both.stdout).split('\n');
    expect(lines.filter((l) => l.includes('10.77.0.10.') && l.includes('> 10.77.0.100.7000')).length, 'client to VIP').to.be.greaterThan(100);
    expect(lines.filter((l) => l.includes('10.77.0.100.7000 > 10.77.0.10.')).length, 'VIP to client').to.be.greaterThan(100);
  });

  it('crash-keepalived: the VIP moves, the client reconnects after about 3 adverts + skew, and compare flags a regression', async function () {
    const r = await runScenario('scenarios/crash-keepalived.yaml', dir());
    expect(r.exitCode, r.stdout).to.equal(0);
    const f1 = r.metrics.faults.find((f) => f.id === 'f1')!;
    // advert_int 1 s, standby priority 100: master down 3 × 1 s + (256 − 100)/256 s ≈ 3.61 s after
    // the last advert heard, which came 0–1 s before the crash: 2.61–3.61 s after it.
    const master = f1.waterfall.find((p) => p.name === 'vrrp-master' && p.by === 'standby');
    expect(master, JSON.stringify(f1.waterfall)).to.not.equal(undefined);
    expect(master!.sinceFaultMs).to.be.within(2550, 3700);
    expect(f1.recoverMs).to.be.within(master!.sinceFaultMs, master!.sinceFaultMs + 1000);
    expect(r.metrics.generators[0]!.survived).to.equal(false);
    expect(f1.reconnects.length).to.be.greaterThan(0);

    const reportFile = join(r.runDir, 'report.json');
    const same = await cli(['compare', reportFile, reportFile]);
    expect(same.exitCode, same.stdout).to.equal(0);
    expect(same.stdout).to.match(/^\| figure \|/m);
    const worse = JSON.parse(await readFile(reportFile, 'utf8')) as Report;
    for (const row of worse.aggregate.figures) if (row.name.startsWith('recoverMs') && row.median !== null) row.median *= 2;
    const worseFile = join(dir(), 'worse.json');
    await writeFile(worseFile, JSON.stringify(worse));
    const regressed = await cli(['compare', reportFile, worseFile, '--tolerance', '10']);
    expect(regressed.exitCode, regressed.stdout).to.equal(1);
    expect(regressed.stdout).to.match(/^\| recover f1 \(crash primary\) \| [\d.]+ ms \| [\d.]+ ms \| \+100\.0 % \| \*\*REGRESSION\*\* \|$/m);
  });

  it('crash-hatcp-ip: the standby takes the VIP once the witness agrees, announces it by gratuitous ARP, and the client is back within a second', async function () {
    const r = await runScenario('scenarios/crash-hatcp-ip.yaml', dir());
    expect(r.exitCode, r.stdout).to.equal(0);
    const f1 = r.metrics.faults.find((f) => f.id === 'f1')!;
    const phase = (name: string) => f1.waterfall.find((p) => p.name === name && p.by === 'standby')?.sinceFaultMs;
    const [declared, decided, vipUp, arp] = ['declared', 'decided', 'vip-up', 'arp-sent'].map(phase);
    expect([declared, decided, vipUp, arp].every((t) => t !== undefined), JSON.stringify(f1.waterfall)).to.equal(true);
    // 50 ms × 3 misses: the primary is declared 150 ms after its last heartbeat. Heartbeats keep a
    // 50 ms cadence but leave on the agent's 10 ms tick, so the last one can precede the crash by
    // up to 60 ms (one was due before it and not yet sent): 90 to 200 ms after the crash.
    expect(declared!).to.be.within(90, 200);
    expect(decided! - declared!).to.be.below(5);
    expect(vipUp!).to.be.at.least(decided!);
    expect(arp!).to.be.at.least(vipUp!);
    expect(f1.recoverMs!).to.be.below(1000);
    // The ARP is on the wire, from the standby's MAC, after the decision, claiming the VIP.
    const crash = injected(r.events, 'crash')[0]!;
    const arps = await execa('tcpdump', ['-r', join(r.runDir, 'pcap', 'lan.bridge.pcap'), '-n', '-e', '-tt', 'arp and arp[14:4] = 0x0a4d0064 and arp[24:4] = 0x0a4d0064']);
    const after = String(arps.stdout).split('\n').filter((l) => l && Number(l.split(' ')[0]) * 1000 > crash.applied);
    expect(after.length, String(arps.stdout)).to.be.at.least(3);
    // The restarted primary learns that the standby holds its VIP at a newer epoch and stays away (failback never).
    const primaryUp = r.events.filter((e) => e.source === 'agent' && e.node === 'primary' && e.kind === 'vip-up' && e.t > crash.applied);
    expect(primaryUp, JSON.stringify(primaryUp)).to.deep.equal([]);
    expect(r.metrics.ownership.dualMs).to.equal(0);
  });

  it('pause-keepalived: the frozen primary wakes up holding the VIP the standby took: dual ownership is reported', async function () {
    const r = await runScenario('scenarios/pause-keepalived.yaml', dir());
    expect(r.exitCode, r.stdout).to.equal(0);
    expect(injected(r.events, 'pause')[0]!.verified).to.equal(true);
    expect(r.metrics.ownership.dualMs).to.be.greaterThan(0);
    expect(r.metrics.ownership.dual[0]!.nodes).to.deep.equal(['primary', 'standby']);
    expect(r.stdout).to.match(/## Dual VIP ownership: [\d.]+ ms in total/);
  });

  it('partition-keepalived: the bridge cuts VRRP adverts too, so the standby takes the VIP while the primary keeps it', async function () {
    const r = await runScenario('scenarios/partition-keepalived.yaml', dir());
    expect(r.exitCode, r.stdout).to.equal(0);
    const [cut] = injected(r.events, 'partition');
    expect(cut!.verified, cut!.evidence).to.equal(true);
    const heal = r.events.find((e) => e.source === 'injector' && e.kind === 'revert' && e.action === 'partition');
    expect(heal && 'evidence' in heal ? heal.evidence : '').to.match(/partition removed; it had dropped [1-9]\d* frames/);
    expect(r.metrics.faults[0]!.waterfall.some((p) => p.name === 'vrrp-master' && p.by === 'standby')).to.equal(true);
    expect(r.metrics.ownership.dualMs).to.be.greaterThan(0);
  });

  it('a fault that cannot be verified makes the run inconclusive (exit 3), not passed', async function () {
    // Freezing a node that is not running cannot take effect: the run must not pass.
    const file = join(dir(), 'pause-crashed.yaml');
    await writeFile(file, `name: pause-crashed
topology: ${join(process.cwd(), 'topologies/ha-lan.yaml')}
service: { vip: 10.77.0.100, port: 7000, app: echo }
agent: { kind: none }
traffic:
  - { kind: stream, rate: 100, duration: 2s }
faults:
  - { at: 1s, action: crash, target: primary }
  - { at: 1500ms, action: pause, target: primary }
`);
    const r = await cli(['run', file, '--results', join(dir(), 'out')]);
    expect(r.exitCode, r.stdout + r.stderr).to.equal(3);
    expect(r.stdout).to.include('# Verdict: INCONCLUSIVE - pause-crashed');
    expect(r.stdout).to.match(/f2 pause primary did not take effect: primary: .*freezer/);
  });

  it('an application that cannot start stops the run before the traffic, with its log kept in the results and nothing left behind', async function () {
    const file = join(dir(), 'no-such-app.yaml');
    await writeFile(file, `name: no-such-app
topology: ${join(process.cwd(), 'topologies/ha-lan.yaml')}
service: { vip: 10.77.0.100, port: 7000, app: exec, exec: { command: [no-such-program-hatcp], connect: 6379 } }
agent: { kind: keepalived, advert_int: 1s }
traffic:
  - { kind: stream, rate: 100, duration: 2s }
`);
    const out = join(dir(), 'out');
    const r = await cli(['run', file, '--results', out]);
    expect(r.exitCode, r.stdout + r.stderr).to.equal(1);
    const said = String(r.stdout) + String(r.stderr);
    expect(said).to.match(/the exec application did not start listening on (primary|standby):7000/);
    const kept = /kept in (\S+)\/ \(events\.ndjson, logs\/\)/.exec(said);
    expect(kept, said).to.not.equal(null);
    // What the program's launch said, as the node wrote it, outlives the lab.
    expect(await readFile(join(kept![1]!, 'logs', 'primary-hatcp-app.log'), 'utf8')).to.match(/cannot start exec.*no-such-program-hatcp/s);
    expect(await readFile(join(kept![1]!, 'events.ndjson'), 'utf8')).to.include('"run-start"');
    expect(await leftovers()).to.deep.equal([]);
  });

  it('Ctrl-C in the middle of a run stops it and leaves nothing behind', async function () {
    const child = execa('node', ['bin/hatcp.js', 'run', 'scenarios/crash-none.yaml', '--results', dir()], { reject: false, stdin: 'ignore' });
    let output = '';
    await new Promise<void>((resolve) => {
      child.stderr?.on('data', (b: Buffer) => {
        output += b.toString();
        if (/t\+2\.0s/.test(output)) resolve();
      });
      child.stdout?.on('data', (b: Buffer) => {
        output += b.toString();
        if (/t\+2\.0s/.test(output)) resolve();
      });
    });
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode, output + String(r.stderr)).to.equal(130);
    expect(await leftovers()).to.deep.equal([]);
  });
});
