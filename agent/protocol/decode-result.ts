import type { Message } from './message.js';

/** Why decode refused a datagram. */
export type DecodeFailureReason = 'truncated' | 'bad-magic' | 'bad-version' | 'bad-mac' | 'malformed' | 'too-large' | 'wrong-cluster';

/** What decode made of a datagram; it never throws. */
export type DecodeResult = { ok: true; message: Message } | { ok: false; reason: DecodeFailureReason; detail: string };

/** Why a received datagram was dropped: a decode failure, or an authentic replay. */
export type DropReason = DecodeFailureReason | 'replay';

/** Every DropReason, in a stable order for counters and logs. */
export const DROP_REASONS = ['truncated', 'bad-magic', 'bad-version', 'bad-mac', 'malformed', 'too-large', 'wrong-cluster', 'replay'] as const satisfies readonly DropReason[];
