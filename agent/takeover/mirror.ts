/**
 * The standby's copy of a witness's cache, kept current by a follow (DESIGN.md, data flow): the
 * client bytes of every connection it may have to rebuild, so that when a failure is decided the
 * witness ships only what the mirror lacks, not the whole history. Each stream is one growing
 * buffer, so a completed entry's bytes are a view of it, not a copy. Pure: no sockets.
 */
import type { CacheEntry, HeldStream } from '../witness/cache-entry.js';

interface Stream {
  isn: number;
  buf: Buffer;
  length: number;
}

/** The most client bytes kept per connection unless told otherwise (the witness's default cap). */
export const MIRROR_CAP_BYTES = 64 * 1024 * 1024;
const FIRST_CAPACITY = 64 * 1024;

export type Completed = { ok: true; entry: CacheEntry; mirrored: number } | { ok: false; reason: string };

export class Mirror {
  private readonly streams = new Map<string, Stream>();
  /** Connections whose streams outgrew the cap: their updates are ignored (a failure ships them whole). */
  private readonly overCap = new Set<string>();

  constructor(private readonly capBytes = MIRROR_CAP_BYTES) {}

  /**
   * Takes one update of a follow: bytes that continue (or overlap the end of) the copy held, a
   * replacement (from 0), or word that the connection ended. Returns why it does not fit what is
   * held, if it does not; the copy is then dropped, and the follow should start again from `held()`.
   */
  apply(entry: CacheEntry): string | undefined {
    const { key, clientIsn } = entry;
    if (entry.phase === 'closed' || entry.phase === 'reset' || entry.unprotected !== undefined || clientIsn === undefined) {
      this.drop([key]);
      return undefined;
    }
    if (this.overCap.has(key)) return undefined;
    const from = entry.clientBytesFrom ?? 0;
    if (from === 0) {
      this.streams.delete(key);
      return this.append(key, { isn: clientIsn, buf: Buffer.allocUnsafe(Math.max(FIRST_CAPACITY, entry.clientBytes.length)), length: 0 }, entry.clientBytes, 0);
    }
    const s = this.streams.get(key);
    const problem = !s ? `an update of ${key} from byte ${from}, and the mirror holds none of it`
      : s.isn !== clientIsn ? `an update of ${key} for ISN ${clientIsn}, and the mirror holds ISN ${s.isn}'s`
        : from > s.length ? `an update of ${key} from byte ${from}, and the mirror holds ${s.length}`
          : undefined;
    if (problem) {
      this.streams.delete(key);
      return problem;
    }
    return this.append(key, s!, entry.clientBytes, from);
  }

  /** Forgets connections (the witness has, or they are no longer followed). */
  drop(keys: Iterable<string>): void {
    for (const key of keys) {
      this.streams.delete(key);
      this.overCap.delete(key);
    }
  }

  /** What is held, to tell the witness (a follow's start, a fetch). */
  held(): HeldStream[] {
    return [...this.streams].map(([key, s]) => ({ key, isn: s.isn, bytes: s.length }));
  }

  /** Client bytes held over all connections. */
  bytes(): number {
    let n = 0;
    for (const s of this.streams.values()) n += s.length;
    return n;
  }

  /**
   * The whole entry, from a fetched one that starts where the mirror's copy ended when it was
   * asked (`clientBytesFrom`): the mirror's bytes up to there, then the entry's. The mirror's copy
   * may have grown since (the follow goes on); the overlap must match.
   */
  complete(entry: CacheEntry): Completed {
    const from = entry.clientBytesFrom ?? 0;
    if (from === 0) return { ok: true, entry, mirrored: 0 };
    const s = this.streams.get(entry.key);
    if (!s || s.isn !== entry.clientIsn || s.length < from) {
      return { ok: false, reason: `the witness sent ${entry.key}'s bytes from ${from} on, and the mirror holds ${s && s.isn === entry.clientIsn ? s.length : 0} of that stream` };
    }
    // Uncapped: this is the stream the takeover replays, whole.
    const problem = this.append(entry.key, s, entry.clientBytes, from, Infinity);
    if (problem) return { ok: false, reason: problem };
    const { clientBytesFrom: _, ...rest } = entry;
    return { ok: true, entry: { ...rest, clientBytes: s.buf.subarray(0, from + entry.clientBytes.length) }, mirrored: from };
  }

  /** Adds `bytes` (stream offset `from` ≤ s.length) to `s`: the part it holds must match. */
  private append(key: string, s: Stream, bytes: Uint8Array, from: number, cap = this.capBytes): string | undefined {
    const overlap = Math.min(s.length - from, bytes.length);
    if (overlap > 0 && Buffer.compare(s.buf.subarray(from, from + overlap), bytes.subarray(0, overlap)) !== 0) {
      this.streams.delete(key);
      return `an update of ${key} from byte ${from} differs from the ${overlap} bytes the mirror holds there`;
    }
    const end = from + bytes.length;
    if (end <= s.length) {
      this.streams.set(key, s);
      return undefined;
    }
    if (end > cap) {
      // Past the cap the witness ships the whole stream at a failure, as without a mirror.
      this.streams.delete(key);
      this.overCap.add(key);
      return undefined;
    }
    if (end > s.buf.length) {
      // Doubling: a stream of n bytes is copied about once more in all as it grows.
      const grown = Buffer.allocUnsafe(Math.min(cap, Math.max(end, s.buf.length * 2)));
      s.buf.copy(grown, 0, 0, s.length);
      s.buf = grown;
    }
    s.buf.set(bytes.subarray(overlap), s.length);
    s.length = end;
    this.streams.set(key, s);
    return undefined;
  }
}
