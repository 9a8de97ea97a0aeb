import { decode } from './codec.js';
import type { Counters } from './counters.js';
import type { DropReason } from './decode-result.js';
import type { Message } from './message.js';
import type { ReplayGuard } from './replay-guard.js';

/** A received datagram, either fit to act on or dropped with the reason. */
export type Admission = { ok: true; message: Message } | { ok: false; reason: DropReason; detail: string };

/** What the receive path needs: the cluster key and id, its replay guard and its counters. */
export interface Receiver {
  key: Buffer;
  clusterId: string;
  guard: ReplayGuard;
  counters: Counters;
}

/** The whole receive path for one datagram: decode, authenticate, replay check, count. Never throws. */
export function admit(buf: Uint8Array, receiver: Receiver): Admission {
  const result = decode(buf, receiver.key, receiver.clusterId);
  if (!result.ok) {
    receiver.counters.drop(result.reason);
    return result;
  }
  const { message } = result;
  if (receiver.guard.check(message) === 'replay') {
    receiver.counters.drop('replay');
    return { ok: false, reason: 'replay', detail: `${message.kind} from ${message.from} boot ${message.bootId} seq ${message.seq} was seen before` };
  }
  receiver.counters.accept();
  return result;
}
