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

/** The first verified operation strictly after `t`. */
export function firstAfter(ops: readonly Verified[], t: number): Verified | undefined {
  return ops[firstAfterIndex(ops, t)];
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
