import type { FaultAction, FaultSpec } from '../scenario/types.js';

/** One thing the injector does at one instant: a fault, or the automatic revert of one. */
export interface FaultStep {
  /** `f1`, or `f1/revert` for the automatic end of a fault with a duration. */
  id: string;
  fault: string;
  atMs: number;
  targets: string[];
  action: FaultAction;
  /** True for the revert of a timed pause/partition/impair. */
  revert: boolean;
}

/** The injector's timeline: each fault, plus a revert step at `at + duration` where one is given, in time order. */
export function faultTimeline(faults: FaultSpec[]): FaultStep[] {
  const steps: FaultStep[] = [];
  for (const f of faults) {
    steps.push({ id: f.id, fault: f.id, atMs: f.atMs, targets: f.targets, action: f.action, revert: false });
    if (f.durationMs !== undefined) {
      steps.push({ id: `${f.id}/revert`, fault: f.id, atMs: f.atMs + f.durationMs, targets: f.targets, action: f.action, revert: true });
    }
  }
  return steps.sort((a, b) => a.atMs - b.atMs || Number(b.revert) - Number(a.revert));
}

/** A short human label: `crash primary`, `partition primary from standby,witness (both)`, `resume primary`. */
export function stepLabel(step: FaultStep): string {
  const who = step.targets.join(',');
  const a = step.action;
  if (step.revert) return `${revertName(a)} ${who}`;
  switch (a.kind) {
    case 'partition':
      return `partition ${who} from ${a.peers.join(',')} (${a.direction})`;
    case 'impair':
      return `impair ${who}/${a.network}`;
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
    case 'heal':
    case 'agent-kill':
      return `${a.kind} ${who}`;
  }
}

function revertName(a: FaultAction): string {
  switch (a.kind) {
    case 'pause': return 'resume';
    case 'partition': return 'heal';
    case 'impair': return 'unimpair';
    default: return `revert ${a.kind}`;
  }
}
