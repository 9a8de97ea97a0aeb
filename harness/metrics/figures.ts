import type { Figure, RunMetrics } from './types.js';

/**
 * The figures of one run that are compared across runs and reports, every one lower-is-better:
 * per fault its stall and recovery, then the longest reconnect (0 when none was needed), RTT p99,
 * losses, resets, reconnects and dual VIP ownership.
 */
export function runFigures(m: RunMetrics): Figure[] {
  const applied = m.faults.filter((f) => f.appliedAtMs !== null);
  const o = m.overall;
  return [
    ...applied.flatMap((f): Figure[] => [
      { name: `stallMs.${f.id}`, label: `stall ${f.id} (${f.label})`, unit: 'ms', value: f.stallMs },
      { name: `recoverMs.${f.id}`, label: `recover ${f.id} (${f.label})`, unit: 'ms', value: f.recoverMs },
    ]),
    { name: 'reconnectMs', label: 'longest reconnect', unit: 'ms', value: Math.max(0, ...o.reconnects.map((r) => r.afterMs)) },
    { name: 'rttP99Ms', label: 'RTT p99', unit: 'ms', value: m.latency.all.p99 },
    { name: 'lostBytes', label: 'bytes lost', unit: 'bytes', value: o.lostBytes },
    { name: 'lostMessages', label: 'messages lost', unit: 'count', value: o.lost },
    { name: 'duplicated', label: 'messages duplicated', unit: 'count', value: o.duplicated },
    { name: 'corrupted', label: 'messages corrupted', unit: 'count', value: o.corrupted },
    { name: 'resets', label: 'resets', unit: 'count', value: o.resets },
    { name: 'reconnects', label: 'reconnects', unit: 'count', value: o.reconnects.length },
    { name: 'dualOwnershipMs', label: 'dual VIP ownership', unit: 'ms', value: m.ownership.dualMs },
  ];
}
