/** The host's wall clock in epoch milliseconds with sub-millisecond precision (monotonic within a process). */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

/** Rounds a time or duration to the microsecond, for compact records. */
export function micro(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
