/**
 * What the witness has sent one follower (a standby's mirror) of each connection to the
 * addresses it follows, and so what comes next: the client bytes captured since, in slices of a
 * bounded size, so that when a failure is decided only the newest bytes are left to ship. Pure:
 * the caller owns the socket and the clock.
 */
import { entryOf, heldPrefix, type CacheEntry, type HeldStream } from './cache-entry.js';
import type { TcpTracker } from './tcp-tracker.js';

export interface FollowUpdate {
  /** Connections with new bytes (from where the follower's copy ends), or that it must drop (ended, over the cap). */
  entries: CacheEntry[];
  /** Connections the follower holds that the witness no longer has (forgotten) or that are not followed. */
  gone: string[];
  /** Client bytes in `entries`. */
  bytes: number;
}

export class FollowCursor {
  /**
   * By connection key: the stream (client ISN), how many of its bytes the follower holds, and
   * whether its copy must be replaced (it is of another stream) even if no byte is new.
   */
  private readonly sent = new Map<string, { isn: number; bytes: number; replace: boolean }>();
  /** What the follower said it held and the witness has not judged yet. */
  private pendingHave: Map<string, HeldStream>;

  constructor(private readonly ips: readonly string[], have: readonly HeldStream[] = []) {
    this.pendingHave = new Map(have.map((h) => [h.key, h]));
  }

  /** Brings the follower up to date, at most `budget` client bytes at a time (the rest comes next time). */
  next(tracker: TcpTracker, budget: number): FollowUpdate {
    const entries: CacheEntry[] = [];
    const gone: string[] = [];
    let bytes = 0;
    const have = this.pendingHave;
    this.pendingHave = new Map();
    for (const h of have.values()) {
      const c = tracker.connection(h.key);
      // Not followed, forgotten, or the 4-tuple now a connection whose SYN the witness missed.
      if (!c || !this.ips.includes(c.server.ip) || c.clientIsn === undefined) gone.push(h.key);
    }
    for (const c of tracker.connections()) {
      if (!this.ips.includes(c.server.ip) || c.clientIsn === undefined) continue;
      let sent = this.sent.get(c.key);
      if (sent && sent.isn !== c.clientIsn) {
        // The 4-tuple was reused by a new connection: the follower's copy is of the old stream.
        Object.assign(sent, { isn: c.clientIsn, bytes: 0, replace: true });
      }
      if (!sent) {
        const held = have.get(c.key);
        if (held === undefined && (c.phase === 'closed' || c.phase === 'reset' || c.unprotected !== undefined)) continue; // never sent, nothing to drop
        // A copy of another stream (the 4-tuple reused) or one longer than the witness's is replaced: sent from 0.
        const from = heldPrefix(c, held);
        sent = { isn: c.clientIsn, bytes: from, replace: held !== undefined && from === 0 && held.bytes > 0 };
        this.sent.set(c.key, sent);
      }
      if (c.phase === 'closed' || c.phase === 'reset' || c.unprotected !== undefined) {
        // Sent once, without bytes: the follower drops its copy.
        entries.push(entryOf(tracker, c, sent.bytes, sent.bytes, false));
        this.sent.delete(c.key);
        continue;
      }
      if (sent.bytes >= c.clientByteCount && !sent.replace) continue;
      if (bytes >= budget) continue;
      // Up to the end of a block at most: a slice within one is a view of the tracker's bytes, not a copy.
      const to = Math.min(c.clientByteCount, sent.bytes + (budget - bytes), tracker.blockEnd(c.key, sent.bytes));
      const entry = entryOf(tracker, c, sent.bytes, to, false);
      entries.push(entry);
      bytes += entry.clientBytes.length;
      sent.bytes = to;
      sent.replace = false;
    }
    for (const key of this.sent.keys()) if (!tracker.connection(key)) {
      this.sent.delete(key);
      gone.push(key);
    }
    return { entries, gone, bytes };
  }
}
