import { ascending, nearestRank } from '../metrics/stats.js';
import type { FaultMetrics } from '../metrics/types.js';
import { worstOverFaults } from '../metrics/worst.js';
import { agentBrief } from './describe.js';
import type { ReportRun, RunSpread, SideBySideInput, SideBySideRow } from './types.js';

/**
 * Several reports as rows of one table, in the order given: the agent, how many runs kept the
 * connection, the spread of the worst stall and recovery over the runs, what was lost, resets,
 * reconnects and the verdict. Only what report.json holds; figures over the conclusive runs.
 */
export function sideBySide(inputs: readonly SideBySideInput[]): SideBySideRow[] {
  const names = inputs.map((i) => i.report.scenario.name);
  return inputs.map(({ source, report }, i) => {
    const name = names[i]!;
    const repeated = names.filter((n) => n === name).length > 1;
    const runs = report.runs.filter((r) => r.verdict !== 'inconclusive');
    const none = runs.length === 0;
    const overall = runs.map((r) => r.metrics.overall);
    const lost = overall.map((o) => o.lostBytes);
    return {
      label: repeated ? `${name} (${names.slice(0, i + 1).filter((n) => n === name).length})` : name,
      source,
      agent: agentBrief(report.scenario.agent),
      runs: report.runs.length,
      conclusive: runs.length,
      survived: none ? null : overall.filter((o) => o.survived).length,
      stallMs: spread(runs, (f) => f.stallMs),
      recoverMs: spread(runs, (f) => f.recoverMs),
      lostBytes: none ? null : { total: sum(lost), worstRun: Math.max(...lost) },
      resets: none ? null : sum(overall.map((o) => o.resets)),
      reconnects: none ? null : sum(overall.map((o) => o.reconnects.length)),
      verdict: report.verdict,
      verdictRuns: report.runs.filter((r) => r.verdict === report.verdict).length,
    };
  });
}

/** p50 / p99 / max over the runs of each run's worst value of a fault figure. */
function spread(runs: readonly ReportRun[], pick: (f: FaultMetrics) => number | null): RunSpread {
  const worst = runs.map((r) => worstOverFaults(r.metrics.faults, pick)).filter((w) => w.applied > 0);
  const values = ascending(worst.flatMap((w) => (w.worst === null ? [] : [w.worst])));
  return { n: values.length, missing: worst.length - values.length, p50: nearestRank(values, 50), p99: nearestRank(values, 99), max: values.at(-1) ?? null };
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
