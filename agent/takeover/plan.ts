/**
 * From a witness's cache entry to what the standby does with it: the numbers of the TCP endpoint
 * to rebuild (repair.ts) and the application replay — every client byte captured goes into a
 * fresh instance; the first `skipOutput` bytes it regenerates were already acknowledged by the
 * client and are dropped, the rest is sent. Pure; a connection that cannot be rebuilt exactly
 * gets a reason instead of a plan.
 */
import { seqAdd, seqDiff } from '../witness/seq.js';
import type { CacheEntry } from '../witness/cache-entry.js';
import type { RepairPlan } from './repair.js';

/** The MSS TCP assumes when the peer announced none (RFC 9293 §3.7.1). */
const DEFAULT_MSS = 536;

export type Restoration =
  | { ok: true; plan: RepairPlan; replay: Uint8Array; skipOutput: number }
  | { ok: false; reason: string; /** Nothing to rebuild (not a failure): the client is still connecting. */ skip?: true };

/** The plan for one entry, its TSval advanced by the time since the server's last segment (`now`, host clock, ms). */
export function planRestoration(entry: CacheEntry, now: number): Restoration {
  const no = (reason: string): Restoration => ({ ok: false, reason });
  if (entry.unrecoverable !== undefined) return no(`unrecoverable: ${entry.unrecoverable}`);
  if (entry.unprotected !== undefined) return no(`unprotected: ${entry.unprotected}`);
  if (entry.phase === 'reset') return no('reset before the failure');
  if (entry.finFromClient || entry.finFromServer) return no(`closing before the failure (FIN from the ${entry.finFromClient ? 'client' : 'server'})`);
  const { clientIsn, serverIsn, clientOptions, serverOptions, clientLatest } = entry;
  if (clientIsn === undefined || clientOptions === undefined) return no('the client\'s SYN was not captured');
  if (serverIsn === undefined || serverOptions === undefined) return no('the server\'s SYN-ACK was not captured: the connection never opened');
  if (clientLatest === undefined) return no('no segment from the client was captured');
  // The handshake never completed and the client had to send its SYN again: it was not getting the
  // SYN-ACKs, so it is still connecting, not connected. A rebuilt (established) socket would answer
  // its next SYN with a bare ACK, which a connecting client ignores; left alone, that SYN reaches the
  // new owner's listener and opens a fresh connection, with nothing lost (no data was exchanged).
  if (entry.synRetransmitted && clientLatest.seq === clientIsn) return { ok: false, skip: true, reason: 'still connecting: the client re-sent its SYN and never acknowledged a SYN-ACK; its next SYN opens a fresh connection here' };

  const recvSeq = seqAdd(clientIsn, 1 + entry.clientBytes.length);
  // The client's latest acknowledgment, or the SYN-ACK's when the handshake's last ACK was not seen.
  const firstServerByte = seqAdd(serverIsn, 1);
  const sendSeq = seqDiff(clientLatest.ack, firstServerByte) > 0 ? clientLatest.ack : firstServerByte;
  const skipOutput = seqDiff(sendSeq, firstServerByte);

  const wscale = clientOptions.wscale !== undefined && serverOptions.wscale !== undefined ? { snd: clientOptions.wscale, rcv: serverOptions.wscale } : undefined;
  const timestamps = clientOptions.ts !== undefined && serverOptions.ts !== undefined;
  // Windows in SYN segments are never scaled (RFC 7323 §2.2).
  const clientSyn = clientLatest.seq === clientIsn;
  const sndWnd = clientLatest.window * 2 ** (clientSyn ? 0 : (wscale?.snd ?? 0));
  const serverLatest = entry.serverLatest;
  const serverSynAck = serverLatest === undefined || serverLatest.seq === serverIsn;
  const rcvWnd = serverLatest ? serverLatest.window * 2 ** (serverSynAck ? 0 : (wscale?.rcv ?? 0)) : 65535;
  let tsVal: number | undefined;
  if (timestamps) {
    const last = serverLatest?.tsVal ?? serverOptions.ts!.val;
    const since = serverLatest ? Math.max(0, Math.ceil(now - serverLatest.t)) : 0;
    // Linux's TCP timestamp clock ticks once a millisecond: never behind what the client last saw (PAWS).
    tsVal = seqAdd(last, since + 1);
  }
  const plan: RepairPlan = {
    local: entry.server,
    remote: entry.client,
    sendSeq,
    recvSeq,
    mss: clientOptions.mss ?? DEFAULT_MSS,
    ...(wscale ? { wscale } : {}),
    sack: clientOptions.sackPermitted === true && serverOptions.sackPermitted === true,
    ...(tsVal !== undefined ? { tsVal } : {}),
    window: { sndWl1: clientLatest.seq, sndWnd, maxWindow: sndWnd, rcvWnd, rcvWup: recvSeq },
  };
  return { ok: true, plan, replay: entry.clientBytes, skipOutput };
}
