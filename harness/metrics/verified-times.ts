import type { Operation } from '../history/types.js';

/** A verified operation, whichever generator it came from. */
export type Verified = Extract<Operation, { kind: 'verified' }>;

/** Every verified operation of the run in time order. */
export function verifiedOps(history: readonly Operation[]): Verified[] {
  return history.filter((o): o is Verified => o.kind === 'verified').sort((a, b) => a.t - b.t);
}

/** The last verified operation at or before `t` (binary search over time-ordered ops). */
export function lastAtOrBefore(ops: readonly Verified[], t: number): Verified | undefined {
  const i = firstAfterIndex(ops, t);
  return i > 0 ? ops[i - 1] : undefined;
}

/**
 * The first operation issued at or after `t` (sent at `t - rttMs`) to be verified: the client's
 * service is back. Answers to requests already in flight at `t` do not count: a crashed server's
 * last echo can still be on the wire, or wait in the client's event loop, after the fault instant.
 */
export function firstIssuedAfter(ops: readonly Verified[], t: number): Verified | undefined {
  for (let i = firstAfterIndex(ops, t); i < ops.length; i++) if (ops[i]!.t - ops[i]!.rttMs >= t) return ops[i];
  return undefined;
}

/** The longest interval between consecutive verified operations from `from` up to `to` (inclusive). */
export function longestGap(ops: readonly Verified[], from: number, to: number): { from: number; to: number } {
  let best = { from, to: from };
  let previous = from;
  for (let i = firstAfterIndex(ops, from); i < ops.length && ops[i]!.t <= to; i++) {
    if (ops[i]!.t - previous > best.to - best.from) best = { from: previous, to: ops[i]!.t };
    previous = ops[i]!.t;
  }
  if (to - previous > best.to - best.from) best = { from: previous, to };
  return best;
}

function firstAfterIndex(ops: readonly Verified[], t: number): number {
  let lo = 0;
  let hi = ops.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ops[mid]!.t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
