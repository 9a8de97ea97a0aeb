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
  | 'protection-restored'
  // The connection cache and the TCP takeover (the shell's, around the actions below).
  | 'capture-started'
  | 'capture-stats'
  | 'cache-sent'
  | 'locked'
  | 'cache-received'
  | 'restored'
  | 'restore-failed'
  | 'restore-skipped'
  | 'unlocked'
  | 'first-byte'
  | 'connections-fenced'
  | 'connection-unprotected'
  | 'cache-probe'
  | 'cache-follow';

/** Every EventKind. */
export const EVENT_KINDS = [
  'booted', 'peer-up', 'peer-lost', 'suspected', 'declared', 'witness-agrees', 'witness-lost', 'decided', 'vip-up', 'arp-sent',
  'claim-sent', 'fenced', 'vip-down', 'failback-start', 'failback-done', 'protection-lost', 'protection-restored',
  'capture-started', 'capture-stats', 'cache-sent', 'locked', 'cache-received', 'restored', 'restore-failed', 'restore-skipped', 'unlocked', 'first-byte', 'connections-fenced', 'connection-unprotected', 'cache-probe', 'cache-follow',
] as const satisfies readonly EventKind[];

/** What the shell must do, in order. */
export type Action =
  /** Multicast this message (the shell stamps cluster id, sender, boot id, seq, send time, then encodes). */
  | { kind: 'send'; message: MessageBody }
  | { kind: 'addAddress'; address: AddressRef }
  | { kind: 'removeAddress'; address: AddressRef }
  | { kind: 'gratuitousArp'; ip: string; count: number; spacingMs: number }
  /**
   * A takeover of `from`'s connections on `addresses`, before they go up: lock the service port
   * (inbound TCP dropped, so the kernel cannot reset a client) and fetch the witness's cache.
   * `migration`: home addresses a node released on purpose (failback migrate), not a failure.
   */
  | { kind: 'prepareConnections'; from: string; addresses: AddressRef[]; migration: boolean }
  /** Once the addresses are up, before the ARP: rebuild each cached connection, then unlock. */
  | { kind: 'restoreConnections'; from: string; addresses: AddressRef[] }
  /** Log (and expose) what happened, at `at` on the shell's clock. */
  | { kind: 'event'; event: EventKind; detail: string; at: number };

/** What one step returns. */
export interface StepResult<S> {
  state: S;
  actions: Action[];
}
