/**
 * What one run showed, as plain data (report.json carries it as is). Times named `…Ms` are
 * milliseconds; `atMs`, `fromMs`, `toMs` are offsets from the traffic start (t0), durations
 * otherwise. Bytes are payload bytes as the generators count them. `null` = does not exist
 * (never recovered, no operation in that window).
 */
import type { ErrorKind } from '../history/types.js';

/** pass: every expectation held; fail: one did not; inconclusive: a fault could not be verified. */
export type Verdict = 'pass' | 'fail' | 'inconclusive';

/** A new connection that replaced a broken one. */
export interface Reconnect {
  gen: string;
  /** The new connection's number (2 for the first reconnect). */
  conn: number;
  /** When it was connected, from t0. */
  atMs: number;
  /** From the break to connected. */
  afterMs: number;
}

/** What the client's byte stream went through, for one generator or all of them. */
export interface Continuity {
  /** Exactly one connection, no error of any kind, nothing lost, duplicated or corrupted. */
  survived: boolean;
  /** Why it did not survive, one line each; empty when it did. */
  why: string[];
  connections: number;
  messagesSent: number;
  messagesVerified: number;
  bytesSent: number;
  bytesVerified: number;
  /** Messages sent and neither verified nor reported corrupt. */
  lost: number;
  lostBytes: number;
  duplicated: number;
  corrupted: number;
  /** Verified messages whose seq is below one verified before them. */
  reordered: number;
  resets: number;
  /** Error records by kind. */
  errors: Record<ErrorKind, number>;
  reconnects: Reconnect[];
}

/** One generator's continuity, and where its history disagrees with its own `done` totals. */
export interface GeneratorMetrics extends Continuity {
  gen: string;
  notes: string[];
}

/** One step of a failover, as an offset from the fault that started it. */
export interface Phase {
  /** An agent event kind (`suspected`, `vip-up`, `vrrp-master`…) or `client-recovered`. */
  name: string;
  /** The node that reported it, or the generator for `client-recovered`. */
  by: string;
  atMs: number;
  sinceFaultMs: number;
}

/** What one fault did to the service. */
export interface FaultMetrics {
  id: string;
  /** `crash`, `restart`, `pause`… */
  action: string;
  targets: string[];
  /** `crash primary`. */
  label: string;
  scheduledAtMs: number;
  /** null when the injector never applied it (the run is then inconclusive). */
  appliedAtMs: number | null;
  /** applied − scheduled. */
  schedulingErrorMs: number | null;
  /** The injector's own check that it took effect, and its evidence. */
  verified: boolean | null;
  evidence: string | null;
  /** Longest interval without a verified operation (any generator) that contains the fault instant. */
  stallMs: number | null;
  stallFromMs: number | null;
  stallToMs: number | null;
  /** Fault → first verified operation after it; null when none came before the end. */
  recoverMs: number | null;
  recovered: boolean;
  /** Reconnects from this fault until the next one is applied. */
  reconnects: Reconnect[];
  /** The failover waterfall, in time order. */
  waterfall: Phase[];
}

/** RTT percentiles (nearest rank) of verified operations; null when there are none. */
export interface RttSummary {
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
}

/**
 * RTT by window. `during`: operations in flight at some moment between a fault and its recovery;
 * `before`: completed before the first fault; `after`: the others (sent after a recovery).
 */
export interface Latency {
  all: RttSummary;
  before: RttSummary;
  during: RttSummary;
  after: RttSummary;
}

/** Verified payload per bin from t0: `bytes[i]` and `ops[i]` cover [i·binMs, (i+1)·binMs). */
export interface Throughput {
  binMs: number;
  bytes: number[];
  ops: number[];
}

/** A node held the VIP over [fromMs, toMs). */
export interface Holding {
  node: string;
  fromMs: number;
  toMs: number;
}

/** Two or more nodes held the VIP at once. */
export interface DualOwnership {
  nodes: string[];
  fromMs: number;
  toMs: number;
}

/** Who held the service IP when, from agent events (empty when the agent reports none). */
export interface Ownership {
  holdings: Holding[];
  dual: DualOwnership[];
  dualMs: number;
}

/** One checked expectation of the scenario. */
export interface ExpectationResult {
  name: 'continuity' | 'maxStallMs' | 'maxRecoverMs';
  expected: boolean | number;
  actual: boolean | number | null;
  pass: boolean;
  /** The numbers behind `actual`, in words. */
  detail: string;
}

/** Everything computed from one run. */
export interface RunMetrics {
  /** When the agents were ready (the cluster at rest), and what their bring-up went through; the figures count from then. */
  bringUp?: { atMs: number; detail: string };
  durationMs: number;
  generators: GeneratorMetrics[];
  overall: Continuity;
  faults: FaultMetrics[];
  latency: Latency;
  throughput: Throughput;
  ownership: Ownership;
  expectations: ExpectationResult[];
  /** Why the run cannot be judged: the runner's reasons, and faults never applied. */
  inconclusive: string[];
  verdict: Verdict;
}

/** What a figure counts. */
export type Unit = 'ms' | 'bytes' | 'count';

/** One numeric figure of one run (lower is better for every figure); null = it has none (never recovered). */
export interface Figure {
  /** Stable key: `stallMs.f1`, `recoverMs.f1`, `reconnectMs`, `rttP99Ms`, `lostBytes`… */
  name: string;
  /** For people: `stall f1`. */
  label: string;
  unit: Unit;
  value: number | null;
}

/** One figure over the repeats (nearest-rank statistics over the runs that have a value). */
export interface FigureStats {
  name: string;
  label: string;
  unit: Unit;
  /** Runs with a value. */
  n: number;
  /** Conclusive runs without one (e.g. the fault was never recovered from). */
  missing: number;
  median: number | null;
  p95: number | null;
  min: number | null;
  max: number | null;
}

/** A scenario's runs together: verdict counts, and figures over the conclusive runs. */
export interface Aggregate {
  runs: number;
  verdicts: Record<Verdict, number>;
  /** Over the runs whose verdict is pass or fail: an inconclusive run's fault did not happen as written. */
  figures: FigureStats[];
}
