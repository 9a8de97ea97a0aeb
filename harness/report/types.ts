/** report.json, the result of comparing two of them, and the side-by-side table of several. Plain data; FORMAT.md documents every field. */
import type { Aggregate, RunMetrics, Unit, Verdict } from '../metrics/types.js';
import type { AgentConfig, Expectations, FaultSpec, Service, TrafficSpec } from '../scenario/types.js';
import type { Role } from '../topology/types.js';

/** A scenario fault; `durationMs` is null when the fault is not timed (JSON has no undefined). */
export type ReportFault = Omit<FaultSpec, 'durationMs'> & { durationMs: number | null };

/** The scenario as the report needs it: what ran, against what, and what was expected. */
export interface ScenarioSummary {
  name: string;
  source: string | null;
  topology: { name: string; nodes: { name: string; role: Role; ips: string[] }[] };
  service: Service;
  agent: AgentConfig;
  traffic: TrafficSpec[];
  faults: ReportFault[];
  expect: Expectations;
  repeat: number;
  rerunInconclusive: number;
  seed: number;
  drainMs: number;
  capture: 'links' | 'bridges';
}

/** One run in the report. */
export interface ReportRun {
  runId: string;
  index: number;
  seed: number;
  /** Epoch ms: traffic start and end of collection. */
  t0: number;
  tEnd: number;
  verdict: Verdict;
  inconclusive: string[];
  /** Environment entries that differ from the report's common `environment`. */
  environment: Record<string, string>;
  metrics: RunMetrics;
}

/** report.json. */
export interface Report {
  format: 'hatcp.report';
  version: 1;
  scenario: ScenarioSummary;
  /** Entries every run shares. */
  environment: Record<string, string>;
  runs: ReportRun[];
  /**
   * Inconclusive runs the series ran again in their place (`rerun_inconclusive`), with their
   * reasons: outside `runs`, the aggregate and the verdict. Empty when none was.
   */
  setAside: ReportRun[];
  aggregate: Aggregate;
  /** fail if any run failed; else inconclusive if any was; else pass. */
  verdict: Verdict;
}

/** How one figure (or the verdict) moved from the base report to this run's. */
export interface CompareRow {
  /** A figure name (`stallMs.f1`) or `verdict`, `failedRuns`, `inconclusiveRuns`. */
  figure: string;
  label: string;
  unit: Unit | 'verdict' | 'runs';
  /** Median for figures, the verdict, or `k/n` runs. null: absent on that side. */
  base: number | string | null;
  run: number | string | null;
  /** (run − base) / base in percent, when both are numbers and base > 0 (0 when both are 0). */
  changePct: number | null;
  status: 'ok' | 'better' | 'regression' | 'new' | 'missing';
  /** Why, when the status is not plain arithmetic. */
  note: string;
}

/** The comparison of two reports. */
export interface CompareResult {
  tolerancePct: number;
  rows: CompareRow[];
  regression: boolean;
  /** Things the reader should know: different scenarios, run counts. */
  notes: string[];
}

/** A report and where it was read from, for the side-by-side table. */
export interface SideBySideInput {
  /** The report.json path (or any name the reader will recognise). */
  source: string;
  report: Report;
}

/** Nearest-rank p50, p99 and max of a per-run figure over the runs that have it. */
export interface RunSpread {
  /** Runs with a value. */
  n: number;
  /** Runs where it never came (a fault never recovered from). */
  missing: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
}

/**
 * One scenario (one report) in the side-by-side table. Every figure is over the conclusive runs
 * (pass or fail), as the report's aggregate is: an inconclusive run's fault did not happen as written.
 * null: no conclusive run, so no figure.
 */
export interface SideBySideRow {
  /** The scenario name, numbered `name (2)` when several reports have the same one. */
  label: string;
  source: string;
  /** `hatcp (3 × 50 ms)`, `keepalived (advert 1000 ms)`. */
  agent: string;
  runs: number;
  conclusive: number;
  /** Conclusive runs in which every generator kept its one connection, nothing lost (`overall.survived`). */
  survived: number | null;
  /** Per run the longest stall of its applied faults; runs without an applied fault have none. */
  stallMs: RunSpread;
  /** Per run the longest recovery of its applied faults; `missing` counts runs where one never recovered. */
  recoverMs: RunSpread;
  /** Payload bytes lost (`overall.lostBytes`): summed over the runs, and the most one run lost. */
  lostBytes: { total: number; worstRun: number } | null;
  /** Summed over the runs. */
  resets: number | null;
  reconnects: number | null;
  verdict: Verdict;
  /** How many runs had that verdict. */
  verdictRuns: number;
}
