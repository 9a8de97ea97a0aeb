import type { Message } from '../protocol/message.js';

/** What happens to a node; `now` is the shell's monotonic clock in ms. */
export type Input =
  | { kind: 'boot'; now: number }
  | { kind: 'tick'; now: number }
  /** A datagram already authenticated and replay-checked (protocol/admit.ts). */
  | { kind: 'message'; now: number; message: Message }
  /** How many live connections this node serves (for failback `new-connections`). */
  | { kind: 'connections'; now: number; count: number };
