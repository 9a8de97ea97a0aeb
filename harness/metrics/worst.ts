import type { FaultMetrics } from './types.js';

/**
 * A run's worst value of a per-fault figure (`stallMs`, `recoverMs`) over the faults that were
 * applied: null when one of them has none (never recovered); 0 when no fault was applied
 * (`applied` says so).
 */
export function worstOverFaults(faults: readonly FaultMetrics[], pick: (f: FaultMetrics) => number | null): { applied: number; worst: number | null } {
  const values = faults.filter((f) => f.appliedAtMs !== null).map(pick);
  return { applied: values.length, worst: values.some((v) => v === null) ? null : Math.max(0, ...(values as number[])) };
}
