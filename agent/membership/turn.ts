import type { MessageBody } from '../protocol/message.js';
import type { Action, EventKind } from './action.js';
import type { MembershipConfig } from './config.js';
import type { MembershipState } from './state.js';

/** One step in progress: a private copy of the state to change, and the actions so far. */
export interface Turn {
  readonly config: MembershipConfig;
  readonly now: number;
  readonly state: MembershipState;
  readonly actions: Action[];
}

/** Appends an event. */
export function emit(turn: Turn, event: EventKind, detail: string): void {
  turn.actions.push({ kind: 'event', event, detail, at: turn.now });
}

/** Appends a send. */
export function send(turn: Turn, message: MessageBody): void {
  turn.actions.push({ kind: 'send', message });
}
