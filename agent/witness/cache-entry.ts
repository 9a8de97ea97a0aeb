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
  /** The client's bytes from clientIsn + 1 on, in order. */
  clientBytes: Uint8Array;
  /** The newest server output the witness saw, from byte `offset` of the server's stream: the replay must regenerate it. */
  serverTail?: { offset: number; bytes: Uint8Array };
};

/** The entries of every live connection whose server endpoint is one of `ips` (not those that ended: FIN both ways, RST). */
export function cacheEntries(tracker: TcpTracker, ips: readonly string[]): CacheEntry[] {
  const out: CacheEntry[] = [];
  for (const c of tracker.connections()) {
    if (!ips.includes(c.server.ip) || c.phase === 'closed' || c.phase === 'reset') continue;
    const latest = tracker.latest(c.key);
    const serverTail = tracker.serverTail(c.key);
    out.push({
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
      clientBytes: tracker.clientStream(c.key),
      finFromClient: c.finFromClient,
      finFromServer: c.finFromServer,
      ...(c.synRetransmitted ? { synRetransmitted: true } : {}),
      ...(serverTail ? { serverTail } : {}),
      ...(c.unrecoverable !== undefined ? { unrecoverable: c.unrecoverable } : {}),
      ...(c.unprotected !== undefined ? { unprotected: c.unprotected } : {}),
    });
  }
  return out;
}
