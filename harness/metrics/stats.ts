/** Nearest-rank percentile (0 < p ≤ 100) of ascending values: always a value that was observed; null when empty. */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

/** Ascending copy. */
export function ascending(values: Iterable<number>): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Rounds a time to the microsecond, as the records are: keeps float noise out of report.json. */
export function us(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** us() that lets null through. */
export function usOrNull(ms: number | null): number | null {
  return ms === null ? null : us(ms);
}
