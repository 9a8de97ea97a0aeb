import type { Latency, RttSummary } from './types.js';
import { ascending, nearestRank } from './stats.js';
import type { Verified } from './verified-times.js';

/** A fault's window: from its applied instant to its recovery (or the end of the run), epoch ms. */
export interface Window {
  from: number;
  to: number;
}

/** RTT percentiles of all verified operations and by window relative to the faults. */
export function latency(verified: readonly Verified[], windows: readonly Window[]): Latency {
  const firstFault = Math.min(...windows.map((w) => w.from));
  const before: number[] = [];
  const during: number[] = [];
  const after: number[] = [];
  for (const op of verified) {
    const sentAt = op.t - op.rttMs;
    if (windows.some((w) => sentAt <= w.to && op.t >= w.from)) during.push(op.rttMs);
    else if (op.t < firstFault) before.push(op.rttMs);
    else after.push(op.rttMs);
  }
  return { all: rttSummary(verified.map((o) => o.rttMs)), before: rttSummary(before), during: rttSummary(during), after: rttSummary(after) };
}

/** p50, p90, p99 (nearest rank) and max of some RTTs. */
export function rttSummary(rtts: readonly number[]): RttSummary {
  const s = ascending(rtts);
  return { count: s.length, p50: nearestRank(s, 50), p90: nearestRank(s, 90), p99: nearestRank(s, 99), max: s.at(-1) ?? null };
}
