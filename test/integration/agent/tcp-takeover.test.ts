import { expect } from 'chai';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeTcp, PcapReader } from '../../../agent/witness/pcap.js';
import type { Segment } from '../../../agent/witness/tcp-tracker.js';
import { agentsReadyAt } from '../../../harness/history/agents-ready.js';
import type { RunEvent } from '../../../harness/history/types.js';
import { parseEvents } from '../../../harness/metrics/index.js';
import type { GeneratorMetrics } from '../../../harness/metrics/types.js';
import type { Report } from '../../../harness/report/index.js';
import { cli, dockerSuite } from '../../support/docker.js';
import { freshResultsDir } from '../../support/run.js';

type AgentEvent = Extract<RunEvent, { source: 'agent' }>;

/** What a client that kept its one connection, whole, shows: the figures, and what they must be. */
const continuity = (g: Pick<GeneratorMetrics, 'survived' | 'connections' | 'lost' | 'duplicated' | 'corrupted' | 'resets'>) =>
  ({ survived: g.survived, connections: g.connections, lost: g.lost, duplicated: g.duplicated, corrupted: g.corrupted, resets: g.resets });
const KEPT = { survived: true, connections: 1, lost: 0, duplicated: 0, corrupted: 0, resets: 0 };

/**
 * Runs a scenario (any repeat) and returns its report and, per run, its folder and events: `runs`
 * those that counted, `setAside` the inconclusive ones run again in their place.
 */
async function runAll(file: string, results: string) {
  const r = await cli(['run', file, '--results', results]);
  const scenarioDir = join(results, (await readdir(results))[0]!);
  const top = join(scenarioDir, (await readdir(scenarioDir))[0]!);
  const report = JSON.parse(await readFile(join(top, 'report.json'), 'utf8')) as Report;
  const lone = report.scenario.repeat === 1 && report.scenario.rerunInconclusive === 0;
  const load = (runs: Report['runs']) => Promise.all(runs.map(async (run) => {
    const dir = lone ? top : join(top, `run-${run.index + 1}`);
    const all = parseEvents(await readFile(join(dir, 'events.ndjson'), 'utf8'));
    const ready = agentsReadyAt(all);
    const agent = all.filter((e): e is AgentEvent => e.source === 'agent');
    // `events`: the scenario's, from the instant the agents were at rest (not their bring-up).
    return { dir, metrics: run.metrics, inconclusive: run.inconclusive, events: agent.filter((e) => e.t >= ready), bringUp: agent.filter((e) => e.t < ready) };
  }));
  return { ...r, report, runs: await load(report.runs), setAside: await load(report.setAside) };
}

/** Every TCP segment of a pcap, with the frame's source MAC. */
async function segments(file: string): Promise<(Segment & { srcMac: string })[]> {
  const reader = new PcapReader();
  const out: (Segment & { srcMac: string })[] = [];
  for (const record of reader.push(await readFile(file))) {
    const s = decodeTcp(record);
    if (s) out.push({ ...s, srcMac: [...record.data.subarray(6, 12)].map((b) => b.toString(16).padStart(2, '0')).join(':') });
  }
  return out;
}

describe('@docker TCP takeover (hatcp agent, witness cache, TCP repair)', function () {
  this.timeout(900_000);
  dockerSuite();
  const dir = freshResultsDir();

  it('crash-hatcp: in each of 20 crashes the client keeps its connection, no byte lost, duplicated or corrupted, no reset', async function () {
    const r = await runAll('scenarios/crash-hatcp.yaml', dir());
    expect(r.runs).to.have.length(20);
    for (const [i, run] of r.runs.entries()) {
      const g = run.metrics.generators[0]!;
      // On a failure, the run's story: the takeover's phases as the agents logged them, and the client's figures.
      const phases = run.events.filter((e) => e.t >= run.events.find((x) => x.kind === 'decided')?.t! - 500).map((e) => `${e.node} ${e.kind} ${e.detail ?? ''}`.slice(0, 220));
      const where = `run ${i + 1} (stall ${run.metrics.faults[0]?.stallMs} ms):\n  ${phases.join('\n  ')}\n  ${JSON.stringify(g)}`;
      expect(continuity(g), where).to.deep.equal(KEPT);
      expect(g.messagesVerified, where).to.equal(g.messagesSent);
      const restored = run.events.filter((e) => e.node === 'standby' && e.kind === 'restored');
      expect(restored, `${where}: the standby rebuilt the connection`).to.have.length(1);
      const lockEvents = run.events.filter((e) => e.node === 'standby' && (e.kind === 'locked' || e.kind === 'unlocked')).map((e) => e.kind);
      expect(lockEvents, `${where}: the standby locked the port, then unlocked it`).to.deep.equal(['locked', 'unlocked']);
      expect(run.events.find((e) => e.node === 'standby' && e.kind === 'unlocked')?.detail, where).to.not.include('FAILED');
      expect(run.events.filter((e) => e.kind === 'restore-failed'), where).to.deep.equal([]);
      expect(run.metrics.faults[0]?.stallMs, where).to.be.below(1000);
    }
    expect(r.exitCode, r.stdout.slice(-3000)).to.equal(0);
    // A run set aside (a node took over before the fault: the machine starved the primary for a
    // detection window) does not count; its client must still have kept its one connection.
    for (const run of r.setAside) expect(continuity(run.metrics.generators[0]!), `set aside (${run.inconclusive.join('; ')})`).to.deep.equal(KEPT);

    // On the wire, as the client saw it (last run): no RST at all, and after the crash the VIP's
    // segments come from the standby's MAC — the same connection, served by another host.
    const last = r.runs.at(-1)!;
    // (The bridge floods every frame in hub mode: the client's capture also holds the others' traffic.)
    const vip = (e: { ip: string; port: number }) => e.ip === '10.77.0.100' && e.port === 7000;
    const seen = (await segments(join(last.dir, 'pcap', 'client-lan.pcap'))).filter((s) => vip(s.src) || vip(s.dst));
    expect(seen.filter((s) => s.flags.rst), 'RST segments to or from the service').to.deep.equal([]);
    const crash = JSON.parse((await readFile(join(last.dir, 'events.ndjson'), 'utf8')).split('\n').find((l) => l.includes('"kind":"fault"'))!) as { applied: number };
    const fromVip = seen.filter((s) => vip(s.src));
    const macsBefore = new Set(fromVip.filter((s) => s.t < crash.applied).map((s) => s.srcMac));
    const macsAfter = new Set(fromVip.filter((s) => s.t > crash.applied).map((s) => s.srcMac));
    expect(macsBefore.size, 'one server MAC before the crash').to.equal(1);
    expect(macsAfter.size, 'one server MAC after the crash').to.equal(1);
    expect([...macsAfter][0]).to.not.equal([...macsBefore][0]);
    const ports = new Set(seen.map((s) => (vip(s.src) ? s.dst.port : s.src.port)));
    expect(ports.size, 'one client port: one connection throughout').to.equal(1);
  });

  /** The one run of a scenario, its generator's figures and its agent events of `kind`. */
  const single = async (file: string) => {
    const r = await runAll(file, dir());
    const run = r.runs[0]!;
    return { ...r, run, g: run.metrics.generators[0]!, events: (node: string, kind: string) => run.events.filter((e) => e.node === node && e.kind === kind) };
  };

  it('crash-hatcp-rpc: the request in flight at the crash is answered by the standby\'s replay, on the same connection', async function () {
    const r = await single('scenarios/crash-hatcp-rpc.yaml');
    expect(r.exitCode, r.stdout.slice(-3000)).to.equal(0);
    expect(continuity(r.g)).to.deep.equal(KEPT);
    expect(r.g.messagesVerified).to.equal(r.g.messagesSent);
    const [restored] = r.events('standby', 'restored');
    expect(restored?.detail).to.match(/replayed \d+ client bytes, \d+ regenerated \(\d+ checked against the primary's output\), \d+ already acknowledged, \d+ owed/);
  });

  it('crash-hatcp-bulk: a transfer both ways at link speed survives the crash mid-way, every byte verified', async function () {
    const r = await single('scenarios/crash-hatcp-bulk.yaml');
    expect(r.exitCode, r.stdout.slice(-3000)).to.equal(0);
    expect(continuity(r.g)).to.deep.equal(KEPT);
    expect(r.g.bytesVerified).to.equal(64 * 1024 * 1024);
    // The crash came mid-transfer: the standby replayed megabytes, and bytes were verified after it.
    const [restored] = r.events('standby', 'restored');
    const replayed = Number(/replayed (\d+) client bytes/.exec(restored?.detail ?? '')![1]);
    expect(replayed).to.be.within(1024 * 1024, 64 * 1024 * 1024 - 1);
    // The standby's mirror held most of it: the fetch at the failure carried only the newest bytes.
    const [received] = r.events('standby', 'cache-received');
    const [, shipped, mirrored] = /, (\d+) bytes in [\d.]+ ms(?: \([^)]*\))?, (\d+) more from the mirror/.exec(received?.detail ?? '') ?? [];
    expect(Number(shipped) + Number(mirrored), received?.detail).to.equal(replayed);
    expect(Number(mirrored), received?.detail).to.be.above(replayed / 2);
    expect(r.run.bringUp.filter((e) => e.node === 'standby' && e.kind === 'cache-follow')[0]?.detail).to.match(/^witness witness: following 10\.77\.0\.100 at witness 10\.77\.0\.13:7708/);
    expect(r.events('witness', 'capture-stats').filter((e) => !/ 0 dropped by kernel/.test(e.detail ?? '')), 'the witness dropped nothing').to.deep.equal([]);
  });

  it('missed-handshake-hatcp: a connection the witness joined late is reported unprotected, then unrecoverable, and reset cleanly', async function () {
    const r = await single('scenarios/missed-handshake-hatcp.yaml');
    expect(r.exitCode, r.stdout.slice(-3000)).to.equal(0);
    const [unprotected] = r.events('witness', 'connection-unprotected');
    expect(unprotected?.detail).to.match(/handshake not seen: the witness joined a connection already open; a failover of 10\.77\.0\.100 would reset it$/);
    // Said as soon as the witness joined, before the failure it warns of.
    expect(unprotected!.t, 'unprotected before the takeover').to.be.below(r.events('standby', 'decided').at(-1)!.t);
    const [failed] = r.events('standby', 'restore-failed');
    expect(failed?.detail).to.match(/unrecoverable: handshake not seen/);
    expect(r.events('standby', 'restored')).to.deep.equal([]);
    expect(r.events('standby', 'vip-up'), 'the VIP still moves').to.have.length(1);
    // The client learns at once, by a reset, rather than hanging on a dead connection.
    expect(r.g.survived).to.equal(false);
    expect(r.g.resets).to.equal(1);
  });

  it('nondeterministic-hatcp: the standby\'s replay regenerates other bytes than the primary sent: detected, not restored, a clean reset', async function () {
    const r = await single('scenarios/nondeterministic-hatcp.yaml');
    expect(r.exitCode, r.stdout.slice(-3000)).to.equal(0);
    const [failed] = r.events('standby', 'restore-failed');
    expect(failed?.detail).to.match(/: non-deterministic application: at server byte \d+ the replay regenerates 0x[0-9a-f]{2} where the primary sent 0x[0-9a-f]{2}$/);
    expect(r.events('standby', 'restored')).to.deep.equal([]);
    expect(r.events('standby', 'vip-up'), 'the VIP still moves').to.have.length(1);
    // Every answer before the crash was good; after it, a reset and nothing wrong.
    expect({ survived: r.g.survived, corrupted: r.g.corrupted, resets: r.g.resets }).to.deep.equal({ survived: false, corrupted: 0, resets: 1 });
    expect(r.g.messagesVerified).to.be.above(400);
  });

  it('failback-migrate-hatcp: the connection moves to the standby at the crash and back to the restarted primary, one connection, nothing lost', async function () {
    const r = await single('scenarios/failback-migrate-hatcp.yaml');
    expect(r.exitCode, r.stdout.slice(-3000)).to.equal(0);
    expect(continuity(r.g)).to.deep.equal(KEPT);
    expect(r.events('standby', 'restored'), 'taken over at the crash').to.have.length(1);
    const [fenced] = r.events('standby', 'connections-fenced');
    expect(fenced?.detail, 'frozen on the standby before the release').to.match(/^1 of 1 connection\(s\) on 10\.77\.0\.100 closed silently/);
    const back = r.events('primary', 'restored');
    expect(back, 'rebuilt on the primary').to.have.length(1);
    expect(back[0]!.t).to.be.greaterThan(fenced!.t);
    expect(r.events('primary', 'failback-done').at(-1)?.detail).to.match(/regained from its holder \(standby\); its connections migrate back/);
  });

  it('crash-hatcp-kv: a stateful session survives: after the takeover the counter goes on from where it was, every reply as the client\'s model expects', async function () {
    const r = await single('scenarios/crash-hatcp-kv.yaml');
    expect(r.exitCode, r.stdout.slice(-3000)).to.equal(0);
    expect(continuity(r.g)).to.deep.equal(KEPT);
    expect(r.g.messagesVerified).to.equal(r.g.messagesSent);
    const [restored] = r.events('standby', 'restored');
    // Hundreds of commands replayed: the store was rebuilt, not started afresh.
    expect(Number(/replayed (\d+) client bytes/.exec(restored?.detail ?? '')?.[1])).to.be.above(1000);
  });

  it('crash-hatcp-redis: a real redis-server survives its host\'s crash: the standby\'s own redis, replayed, answers on the same connection', async function () {
    const r = await single('scenarios/crash-hatcp-redis.yaml');
    expect(r.exitCode, r.stdout.slice(-3000)).to.equal(0);
    // Every reply parsed as RESP and matched the client's model: redis answered, before and after.
    expect(continuity(r.g)).to.deep.equal(KEPT);
    expect(r.g.messagesVerified).to.equal(r.g.messagesSent);
    const [restored] = r.events('standby', 'restored');
    const m = /replayed (\d+) client bytes, (\d+) regenerated \((\d+) checked against the primary's output\)/.exec(restored?.detail ?? '');
    expect(m, restored?.detail).to.not.equal(null);
    // The standby's redis regenerated what the primary's had sent, byte for byte, from hundreds of commands.
    expect(Number(m![1])).to.be.above(5000);
    expect(Number(m![3])).to.be.above(1000);
  });

  it('crash-handshake-hatcp: the established connection is rebuilt; the one still connecting is left to its next SYN, which the standby accepts', async function () {
    const r = await single('scenarios/crash-handshake-hatcp.yaml');
    expect(r.exitCode, r.stdout.slice(-3000)).to.equal(0);
    const byName = new Map(r.run.metrics.generators.map((g) => [g.gen, g]));
    for (const name of ['s0', 's1']) {
      const g = byName.get(name)!;
      expect(continuity(g), name).to.deep.equal(KEPT);
    }
    expect(r.events('standby', 'restored')).to.have.length(1);
    expect(r.events('standby', 'restore-failed'), 'nothing failed').to.deep.equal([]);
    expect(r.events('standby', 'restore-skipped').map((e) => e.detail?.replace(/^\S+: /, ''))).to.deep.equal(['still connecting: the client re-sent its SYN and never acknowledged a SYN-ACK; its next SYN opens a fresh connection here']);
    // On the wire: no RST for either connection.
    const vip = (e: { ip: string; port: number }) => e.ip === '10.77.0.100' && e.port === 7000;
    const seen = (await segments(join(r.run.dir, 'pcap', 'client-lan.pcap'))).filter((s) => vip(s.src) || vip(s.dst));
    expect(seen.filter((s) => s.flags.rst), 'RST segments to or from the service').to.deep.equal([]);
  });

  it('hatcp run with two scenarios: the takeover and keepalived under the same crash, in one table', async function () {
    const r = await cli(['run', 'scenarios/crash-hatcp-kv.yaml', 'scenarios/crash-keepalived.yaml', '--results', dir()]);
    // keepalived loses the connection; crash-keepalived expects only a recovery, so both pass.
    expect(r.exitCode, r.stdout.slice(-3000)).to.equal(0);
    const table = await readFile(join(dir(), 'side-by-side.md'), 'utf8');
    expect(r.stdout).to.include(table.split('\n').find((l) => l.includes('| crash-hatcp-kv'))!.trim());
    const row = (name: string) => table.split('\n').find((l) => l.startsWith(`| ${name} `))!.split('|').map((c) => c.trim());
    const [, , hatcpAgent, , hatcpSurvived] = row('crash-hatcp-kv');
    const [, , vrrpAgent, , vrrpSurvived, , , , , vrrpReconnects] = row('crash-keepalived');
    expect({ hatcpAgent, hatcpSurvived, vrrpAgent, vrrpSurvived }).to.deep.equal({ hatcpAgent: 'hatcp (3 × 50 ms)', hatcpSurvived: '1/1', vrrpAgent: 'keepalived (advert 1000 ms)', vrrpSurvived: '0/1' });
    expect(Number(vrrpReconnects), 'the keepalived client had to reconnect').to.be.at.least(1);
  });
});
