import type { MessageBody } from '../protocol/message.js';
import type { AddressRef } from '../protocol/record.js';

/** Everything a node reports about itself, for logs and for measuring a failover. */
export type EventKind =
  | 'booted'
  | 'peer-up'
  | 'peer-lost'
  | 'suspected'
  | 'declared'
  | 'witness-agrees'
  | 'witness-lost'
  | 'decided'
  | 'vip-up'
  | 'arp-sent'
  | 'claim-sent'
  | 'fenced'
  | 'vip-down'
  | 'failback-start'
  | 'failback-done'
  | 'protection-lost'
  | 'protection-restored';

/** Every EventKind. */
export const EVENT_KINDS = [
  'booted', 'peer-up', 'peer-lost', 'suspected', 'declared', 'witness-agrees', 'witness-lost', 'decided', 'vip-up', 'arp-sent',
  'claim-sent', 'fenced', 'vip-down', 'failback-start', 'failback-done', 'protection-lost', 'protection-restored',
] as const satisfies readonly EventKind[];

/** What the shell must do, in order. */
export type Action =
  /** Multicast this message (the shell stamps cluster id, sender, boot id, seq, send time, then encodes). */
  | { kind: 'send'; message: MessageBody }
  | { kind: 'addAddress'; address: AddressRef }
  | { kind: 'removeAddress'; address: AddressRef }
  | { kind: 'gratuitousArp'; ip: string; count: number; spacingMs: number }
  /** Log (and expose) what happened, at `at` on the shell's clock. */
  | { kind: 'event'; event: EventKind; detail: string; at: number };

/** What one step returns. */
export interface StepResult<S> {
  state: S;
  actions: Action[];
}
