import type { RunEvent } from '../history/types.js';
import type { FaultMetrics, Reconnect } from './types.js';
import { faultLabel, type ScheduledFault } from './fault-events.js';
import { us } from './stats.js';
import { firstIssuedAfter, lastAtOrBefore, longestGap, type Verified } from './verified-times.js';
import { waterfall } from './waterfall.js';

/** The run's time frame and records, as the per-fault figures need them. */
export interface FaultContext {
  t0: number;
  tEnd: number;
  verified: readonly Verified[];
  events: readonly RunEvent[];
  reconnects: readonly Reconnect[];
}

/** Stall, recovery, scheduling error, reconnects and waterfall of each scenario fault. */
export function faultMetrics(faults: readonly ScheduledFault[], ctx: FaultContext): FaultMetrics[] {
  const appliedTimes = faults.flatMap((f) => (f.event ? [f.event.applied] : [])).sort((a, b) => a - b);
  return faults.map((f) => oneFault(f, ctx, appliedTimes));
}

function oneFault({ spec, event }: ScheduledFault, ctx: FaultContext, appliedTimes: readonly number[]): FaultMetrics {
  const base = { id: spec.id, action: spec.action.kind, targets: spec.targets, label: faultLabel(spec), scheduledAtMs: spec.atMs };
  if (!event) {
    return {
      ...base, appliedAtMs: null, schedulingErrorMs: null, verified: null, evidence: null,
      stallMs: null, stallFromMs: null, stallToMs: null, recoverMs: null, recovered: false, reconnects: [], waterfall: [],
    };
  }
  const { t0, tEnd } = ctx;
  const applied = event.applied;
  const before = lastAtOrBefore(ctx.verified, applied);
  const after = firstIssuedAfter(ctx.verified, applied);
  // The stall is the longest silence between the last answer before the fault and the recovery:
  // answers still in flight at the fault instant shorten nothing.
  const { from, to } = longestGap(ctx.verified, before?.t ?? t0, after?.t ?? tEnd);
  const next = appliedTimes.find((t) => t > applied) ?? Infinity;
  return {
    ...base,
    appliedAtMs: us(applied - t0),
    schedulingErrorMs: us(applied - event.scheduled),
    verified: event.verified,
    evidence: event.evidence,
    stallMs: us(to - from),
    stallFromMs: us(from - t0),
    stallToMs: us(to - t0),
    recoverMs: after ? us(after.t - applied) : null,
    recovered: after !== undefined,
    reconnects: ctx.reconnects.filter((r) => r.atMs + t0 >= applied && r.atMs + t0 < next),
    waterfall: waterfall(applied, t0, ctx.events, ctx.verified),
  };
}
