import type { RunEvent } from './types.js';

/** The runner's `agents-ready` event: the instant the agents were at rest, from which a run's figures count. */
export function agentsReady(events: readonly RunEvent[]): Extract<RunEvent, { source: 'runner' }> | undefined {
  return events.find((e): e is Extract<RunEvent, { source: 'runner' }> => e.source === 'runner' && e.kind === 'agents-ready');
}

/** When the agents were ready (host clock, ms); -Infinity for a run that does not say. */
export function agentsReadyAt(events: readonly RunEvent[]): number {
  return agentsReady(events)?.t ?? -Infinity;
}
