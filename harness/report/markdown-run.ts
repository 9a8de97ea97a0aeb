import type { ExpectationResult, FaultMetrics, GeneratorMetrics, RttSummary, RunMetrics } from '../metrics/types.js';
import { EXPECTATION_NAMES } from './describe.js';
import { ms, sec, signedMs } from './format.js';
import { mdTable } from './md-table.js';

/** The sections of report.md about one run; `h` is the heading prefix (`##` or `###`). */
export function runSections(m: RunMetrics, h: string): string[] {
  return [
    expectationsSection(m.expectations, h),
    continuitySection(m.generators, h),
    faultsSection(m.faults, h),
    waterfallSection(m.faults, h),
    ...(m.ownership.dual.length > 0 ? [dualSection(m, h)] : []),
    rttSection(m, h),
    ...(m.bringUp ? [`${h} Bring-up\n\nAgents ready at ${sec(m.bringUp.atMs)}: ${m.bringUp.detail}. VIP ownership and early takeovers count from then.`] : []),
    ...(m.inconclusive.length > 0 ? [`${h} Why inconclusive\n\n${m.inconclusive.map((r) => `- ${r}`).join('\n')}`] : []),
  ];
}

function expectationsSection(results: readonly ExpectationResult[], h: string): string {
  if (results.length === 0) return `${h} Expectations\n\nThe scenario sets none: the run passes unless a fault could not be verified.`;
  const value = (v: boolean | number | null) => (typeof v === 'boolean' ? (v ? 'connection kept' : 'connection broken') : ms(v));
  const rows = results.map((r) => [
    EXPECTATION_NAMES[r.name],
    typeof r.expected === 'number' ? `<= ${ms(r.expected)}` : value(r.expected),
    value(r.actual),
    r.pass ? 'pass' : 'FAIL',
    r.detail,
  ]);
  return `${h} Expectations\n\n${mdTable(['expectation', 'expected', 'actual', 'result', 'detail'], rows)}`;
}

function continuitySection(gens: readonly GeneratorMetrics[], h: string): string {
  const rows = gens.map((g) => [
    g.gen,
    g.survived ? 'yes' : 'NO',
    String(g.connections),
    String(g.messagesSent),
    String(g.messagesVerified),
    String(g.bytesVerified),
    `${g.lost} (${g.lostBytes} B)`,
    String(g.duplicated),
    String(g.corrupted),
    String(g.reordered),
    String(g.resets),
    g.reconnects.length === 0 ? '0' : `${g.reconnects.length}: ${g.reconnects.map((r) => `${ms(r.afterMs)} at ${sec(r.atMs)}`).join(', ')}`,
  ]);
  const table = mdTable(['generator', 'survived', 'conns', 'sent', 'verified', 'bytes verified', 'lost', 'dup', 'corrupt', 'reordered', 'resets', 'reconnects (after, at)'], rows, [2, 3, 4, 5, 7, 8, 9, 10]);
  const why = gens.flatMap((g) => [...g.why, ...g.notes].map((w) => `- ${g.gen}: ${w}`));
  return `${h} Continuity\n\n${table}${why.length ? `\n\n${why.join('\n')}` : ''}`;
}

function faultsSection(faults: readonly FaultMetrics[], h: string): string {
  if (faults.length === 0) return `${h} Faults\n\nNone scheduled.`;
  const rows = faults.map((f) => [
    `${f.id} ${f.action}`,
    f.targets.join(', '),
    f.appliedAtMs === null ? `${sec(f.scheduledAtMs)} -> never applied` : `${sec(f.scheduledAtMs)} -> ${sec(f.appliedAtMs)} (${signedMs(f.schedulingErrorMs ?? 0)})`,
    f.verified === null ? 'n/a' : f.verified ? 'verified' : 'NOT verified',
    f.stallMs === null ? 'n/a' : `${ms(f.stallMs)} (${sec(f.stallFromMs)} to ${sec(f.stallToMs)})`,
    f.appliedAtMs === null ? 'n/a' : f.recovered ? ms(f.recoverMs) : 'not recovered',
    f.reconnects.length === 0 ? '0' : `${f.reconnects.length}: ${f.reconnects.map((r) => `${r.gen} ${ms(r.afterMs)}`).join(', ')}`,
  ]);
  return `${h} Faults\n\n${mdTable(['fault', 'target', 'scheduled -> applied', 'effect', 'stall', 'recover', 'reconnects'], rows)}`;
}

function waterfallSection(faults: readonly FaultMetrics[], h: string): string {
  const applied = faults.filter((f) => f.appliedAtMs !== null);
  if (applied.length === 0) return `${h} Failover waterfall\n\nNo fault was applied.`;
  const rows = applied.flatMap((f) => f.waterfall.length === 0
    ? [[`${f.id} ${f.label}`, 'no agent event, client not recovered', '', '', '']]
    : f.waterfall.map((p, i) => [i === 0 ? `${f.id} ${f.label}` : '', p.name, p.by, sec(p.atMs), `+${ms(p.sinceFaultMs)}`]));
  return `${h} Failover waterfall\n\n${mdTable(['fault', 'phase', 'by', 'at', 'since fault'], rows, [4])}`;
}

function dualSection(m: RunMetrics, h: string): string {
  const rows = m.ownership.dual.map((d) => [d.nodes.join(' + '), sec(d.fromMs), sec(d.toMs), ms(d.toMs - d.fromMs)]);
  return `${h} Dual VIP ownership: ${ms(m.ownership.dualMs)} in total\n\n${mdTable(['nodes holding the VIP', 'from', 'to', 'duration'], rows, [3])}`;
}

function rttSection(m: RunMetrics, h: string): string {
  const l = m.latency;
  const row = (name: string, s: RttSummary) => [name, String(s.count), ms(s.p50), ms(s.p90), ms(s.p99), ms(s.max)];
  const table = mdTable(['window', 'ops', 'p50', 'p90', 'p99', 'max'], [row('before', l.before), row('during', l.during), row('after', l.after), row('all', l.all)], [1, 2, 3, 4, 5]);
  return `${h} RTT of verified operations\n\n${table}\n\nbefore: completed before the first fault; during: in flight between a fault and its recovery; after: the rest.`;
}
