import type { RunEvent } from '../history/types.js';
import type { FaultSpec } from '../scenario/types.js';
import { faultTimeline, stepLabel } from '../faults/timeline.js';

/** The injector's record of a fault it applied. */
export type FaultEvent = Extract<RunEvent, { source: 'injector'; kind: 'fault' }>;

/** The injector's record of the automatic revert of a timed fault. */
export type RevertEvent = Extract<RunEvent, { source: 'injector'; kind: 'revert' }>;

/** A scenario fault with the injector's record of it, if it was applied. */
export interface ScheduledFault {
  spec: FaultSpec;
  event: FaultEvent | undefined;
}

/** Pairs each scenario fault with its fault event (the first with its id). */
export function scheduledFaults(faults: readonly FaultSpec[], events: readonly RunEvent[]): ScheduledFault[] {
  const applied = events.filter((e): e is FaultEvent => e.source === 'injector' && e.kind === 'fault');
  return faults.map((spec) => ({ spec, event: applied.find((e) => e.fault === spec.id) }));
}

/** Revert events, in time order. */
export function revertEvents(events: readonly RunEvent[]): RevertEvent[] {
  return events.filter((e): e is RevertEvent => e.source === 'injector' && e.kind === 'revert').sort((a, b) => a.t - b.t);
}

/** `crash primary`, `partition primary from standby (both)`: the injector's own wording. */
export function faultLabel(spec: Pick<FaultSpec, 'id' | 'atMs' | 'targets' | 'action'>): string {
  const [step] = faultTimeline([{ ...spec, durationMs: undefined }]);
  return step ? stepLabel(step) : spec.action.kind;
}

/** `resume primary`, `heal primary`: how the automatic revert of a timed fault is worded. */
export function revertLabel(spec: FaultSpec): string {
  const step = faultTimeline([spec]).find((s) => s.revert);
  return step ? stepLabel(step) : `revert ${spec.action.kind} ${spec.targets.join(',')}`;
}
