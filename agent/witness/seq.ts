/** TCP sequence arithmetic, modulo 2^32 (RFC 793 §3.3; RFC 1982 serial number comparison). */

/** `a − b` as a signed 32-bit distance: positive when `a` is after `b`. */
export function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}

/** `seq + n` modulo 2^32. */
export function seqAdd(seq: number, n: number): number {
  return (seq + n) >>> 0;
}

/** Whether `a` comes after `b`. */
export function seqAfter(a: number, b: number): boolean {
  return seqDiff(a, b) > 0;
}
