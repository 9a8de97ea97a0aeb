import { aggregate } from '../metrics/aggregate.js';
import { computeMetrics } from '../metrics/compute.js';
import type { RunInput } from '../metrics/run-input.js';
import { scenarioSummary } from './scenario-summary.js';
import type { Report, ReportRun } from './types.js';
import { overallVerdict } from './verdict.js';

/** report.json for a scenario's runs: the scenario, the environment, each run's metrics and verdict, the aggregate. */
export function buildReport(inputs: readonly RunInput[]): Report {
  const first = inputs[0];
  if (!first) throw new Error('buildReport: no run to report on (the list of runs is empty); run the scenario at least once, or point `hatcp report` at a directory with a finished run');
  const names = new Set(inputs.map((i) => i.scenario.name));
  if (names.size > 1) throw new Error(`buildReport: the runs come from different scenarios (${[...names].join(', ')}); report each scenario's runs separately`);
  const common = commonEntries(inputs.map((i) => i.environment));
  // An interrupted series may hold set-aside runs alone: then they are what there is to report.
  const counted = inputs.some((i) => !i.setAside) ? inputs.filter((i) => !i.setAside) : inputs;
  const toRun = (input: RunInput): ReportRun => {
    const metrics = computeMetrics(input);
    return {
      runId: input.runId,
      index: input.index,
      seed: input.seed,
      t0: input.t0,
      tEnd: input.tEnd,
      verdict: metrics.verdict,
      inconclusive: metrics.inconclusive,
      environment: Object.fromEntries(Object.entries(input.environment).filter(([k]) => !(k in common))),
      metrics,
    };
  };
  const runs = counted.map(toRun);
  const setAside = inputs.filter((i) => !counted.includes(i)).map(toRun);
  const agg = aggregate(runs.map((r) => r.metrics));
  return { format: 'hatcp.report', version: 1, scenario: scenarioSummary(first.scenario), environment: common, runs, setAside, aggregate: agg, verdict: overallVerdict(agg.verdicts) };
}

/** Entries with the same value in every map. */
function commonEntries(maps: readonly Record<string, string>[]): Record<string, string> {
  const [first, ...rest] = maps;
  if (!first) return {};
  return Object.fromEntries(Object.entries(first).filter(([k, v]) => rest.every((m) => m[k] === v)));
}
