import { expect } from 'chai';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeTcp, PcapReader } from '../../../agent/witness/pcap.js';
import type { Segment } from '../../../agent/witness/tcp-tracker.js';
import type { RunEvent } from '../../../harness/history/types.js';
import { parseEvents } from '../../../harness/metrics/index.js';
import type { Report } from '../../../harness/report/index.js';
import { cli, dockerSuite } from '../../support/docker.js';
import { freshResultsDir } from '../../support/run.js';

type AgentEvent = Extract<RunEvent, { source: 'agent' }>;

/** Runs a scenario (any repeat) and returns its report and, per run, its folder and events. */
async function runAll(file: string, results: string) {
  const r = await cli(['run', file, '--results', results]);
  const scenarioDir = join(results, (await readdir(results))[0]!);
  const top = join(scenarioDir, (await readdir(scenarioDir))[0]!);
  const report = JSON.parse(await readFile(join(top, 'report.json'), 'utf8')) as Report;
  const dirs = report.runs.length === 1 ? [top] : report.runs.map((_, i) => join(top, `run-${i + 1}`));
  const runs = await Promise.all(dirs.map(async (dir, i) => ({
    dir,
    metrics: report.runs[i]!.metrics,
    events: parseEvents(await readFile(join(dir, 'events.ndjson'), 'utf8')).filter((e): e is AgentEvent => e.source === 'agent'),
  })));
  return { ...r, report, runs };
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
    expect(r.exitCode, r.stdout.slice(-3000)).to.equal(0);
    expect(r.runs).to.have.length(20);
    for (const [i, run] of r.runs.entries()) {
      const g = run.metrics.generators[0]!;
      const where = `run ${i + 1}: ${run.dir}`;
      expect({ survived: g.survived, connections: g.connections, lost: g.lost, duplicated: g.duplicated, corrupted: g.corrupted, resets: g.resets }, where)
        .to.deep.equal({ survived: true, connections: 1, lost: 0, duplicated: 0, corrupted: 0, resets: 0 });
      expect(g.messagesVerified, where).to.equal(g.messagesSent);
      const restored = run.events.filter((e) => e.node === 'standby' && e.kind === 'restored');
      expect(restored, `${where}: the standby rebuilt the connection`).to.have.length(1);
      expect(run.events.filter((e) => e.kind === 'restore-failed'), where).to.deep.equal([]);
    }

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
});
