/**
 * What the witness hands the standby for one connection when its server fails: everything needed
 * to rebuild the server's endpoint (ISNs, handshake options, both sides' latest header fields)
 * and the application's state (the client's bytes in order). Taken from the tracker; pure.
 */
import type { Connection, SideLatest, TcpTracker } from './tcp-tracker.js';

export type CacheEntry = Pick<Connection, 'key' | 'client' | 'server' | 'phase' | 'clientIsn' | 'serverIsn' | 'clientOptions' | 'serverOptions' | 'finFromClient' | 'finFromServer' | 'synRetransmitted' | 'unrecoverable' | 'unprotected'> & {
  /** The client's latest segment header (seq, ack, window, TSval), capture time on the host clock (ms). */
  clientLatest?: SideLatest;
  serverLatest?: SideLatest;
  /** The client's bytes from clientIsn + 1 + clientBytesFrom on, in order. */
  clientBytes: Uint8Array;
  /** Where clientBytes start in the client's stream: the standby holds the bytes before (its mirror). Absent: 0. */
  clientBytesFrom?: number;
  /** The newest server output the witness saw, from byte `offset` of the server's stream: the replay must regenerate it. */
  serverTail?: { offset: number; bytes: Uint8Array };
};

/** Client bytes a standby already holds of one connection (its mirror): the first `bytes` after ISN `isn`. */
export interface HeldStream {
  key: string;
  isn: number;
  bytes: number;
}

/** Where the bytes of `c` can start for a standby that holds `held` of it: 0 unless it holds a prefix of this very stream. */
export function heldPrefix(c: Connection, held: HeldStream | undefined): number {
  if (!held || c.clientIsn === undefined || held.isn !== c.clientIsn || c.unprotected !== undefined) return 0;
  return held.bytes <= c.clientByteCount ? held.bytes : 0;
}

/**
 * One connection's entry, with its client bytes `from` … `to` (a follow sends a stream in slices)
 * and, unless told not to, the server output kept to check the replay against.
 */
export function entryOf(tracker: TcpTracker, c: Connection, from = 0, to = Infinity, withServerTail = true): CacheEntry {
  const latest = tracker.latest(c.key);
  const serverTail = withServerTail ? tracker.serverTail(c.key) : undefined;
  return {
    key: c.key,
    client: c.client,
    server: c.server,
    phase: c.phase,
    ...(c.clientIsn !== undefined ? { clientIsn: c.clientIsn } : {}),
    ...(c.serverIsn !== undefined ? { serverIsn: c.serverIsn } : {}),
    ...(c.clientOptions ? { clientOptions: c.clientOptions } : {}),
    ...(c.serverOptions ? { serverOptions: c.serverOptions } : {}),
    ...(latest.client ? { clientLatest: latest.client } : {}),
    ...(latest.server ? { serverLatest: latest.server } : {}),
    clientBytes: tracker.clientStream(c.key, from, to),
    ...(from > 0 ? { clientBytesFrom: from } : {}),
    finFromClient: c.finFromClient,
    finFromServer: c.finFromServer,
    ...(c.synRetransmitted ? { synRetransmitted: true } : {}),
    ...(serverTail ? { serverTail } : {}),
    ...(c.unrecoverable !== undefined ? { unrecoverable: c.unrecoverable } : {}),
    ...(c.unprotected !== undefined ? { unprotected: c.unprotected } : {}),
  };
}

/**
 * The entries of every live connection whose server endpoint is one of `ips` (not those that
 * ended: FIN both ways, RST). Of a stream the standby says it holds a prefix of (`have`), only
 * the rest is included.
 */
export function cacheEntries(tracker: TcpTracker, ips: readonly string[], have: readonly HeldStream[] = []): CacheEntry[] {
  const held = new Map(have.map((h) => [h.key, h]));
  const out: CacheEntry[] = [];
  for (const c of tracker.connections()) {
    if (!ips.includes(c.server.ip) || c.phase === 'closed' || c.phase === 'reset') continue;
    out.push(entryOf(tracker, c, heldPrefix(c, held.get(c.key))));
  }
  return out;
}
