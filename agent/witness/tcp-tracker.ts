/**
 * The witness's view of one TCP connection, from the segments it snoops: the handshake (ISNs and
 * options both ways), the client's bytes to the server reassembled in order (retransmissions,
 * overlaps and out-of-order segments), both sides' latest seq/ack/window/timestamp, FIN and RST.
 * A connection whose handshake was not seen, or with a hole in the client's bytes that the server
 * acknowledged, is marked unrecoverable with the reason: the standby must never restore it wrong.
 * Pure: no capture, no clock; segments come in with their capture time.
 */
import { seqAdd, seqDiff } from './seq.js';

export interface Endpoint {
  ip: string;
  port: number;
}

export interface TcpOptions {
  mss?: number;
  wscale?: number;
  sackPermitted?: boolean;
  /** TSval and TSecr of the timestamp option. */
  ts?: { val: number; ecr: number };
}

export interface Segment {
  /** Capture time, ms. */
  t: number;
  src: Endpoint;
  dst: Endpoint;
  seq: number;
  ack: number;
  flags: { syn?: boolean; ack?: boolean; fin?: boolean; rst?: boolean };
  window: number;
  options: TcpOptions;
  /** A view into the capture's read buffer (decodeTcp copies nothing): the tracker copies what it keeps. */
  payload: Uint8Array;
}

/** The latest header fields seen from one side. */
export interface SideLatest {
  t: number;
  seq: number;
  ack: number;
  window: number;
  tsVal?: number;
}

export type Phase = 'handshake' | 'established' | 'closing' | 'closed' | 'reset';

export interface Connection {
  key: string;
  client: Endpoint;
  server: Endpoint;
  phase: Phase;
  clientIsn?: number;
  serverIsn?: number;
  clientOptions?: TcpOptions;
  serverOptions?: TcpOptions;
  /**
   * The client's bytes from clientIsn + 1 on, in order, in blocks: each starts at stream offset
   * `start`, and every block but the last is full. Bytes once written never change, so a view of
   * a block's written part is as good as a copy.
   */
  clientBytes: ClientBlock[];
  clientByteCount: number;
  finFromClient: boolean;
  finFromServer: boolean;
  /** The client sent its SYN again (a retransmission, ≥ 200 ms later): it had not received a SYN-ACK then. */
  synRetransmitted?: boolean;
  /**
   * The latest server output seen in order, `length` bytes (at most `serverTailBytes`) from byte
   * `offset` (counted from serverIsn + 1): what a standby's replay must regenerate identically.
   * Stream byte o is at ring[o % ring.length]: the output is copied in once, into memory made
   * once per connection (a copy per segment, soon dropped, was garbage at the server's rate).
   */
  serverTail: { offset: number; ring: Uint8Array; length: number };
  /** Why it cannot be restored; absent while it can. */
  unrecoverable?: string;
  /** Why it is no longer protected (memory cap); absent while it is. */
  unprotected?: string;
}

/** Part of a connection's client stream: `buf` holds the bytes from offset `start` on. */
export interface ClientBlock {
  start: number;
  buf: Uint8Array;
}

/**
 * A connection's first block of client bytes; each next one is twice as large, up to
 * CLIENT_BLOCK_MAX_BYTES. Bytes are copied in once, as they are captured, and a follow's slice
 * within a block is a view of it: with a copy per segment and another per slice, the copies and
 * their garbage were a fifth of the witness's CPU under a bulk upload. A small connection holds
 * at most 4 KiB, a large one at most one block more than its bytes.
 */
const CLIENT_BLOCK_FIRST_BYTES = 4 * 1024;
export const CLIENT_BLOCK_MAX_BYTES = 4 * 1024 * 1024;

/**
 * The index of `c`'s block holding client byte `from` (the first block for none, the last for any
 * past the end); searched from the end, since a follow asks for the newest bytes.
 */
function blockHolding(c: Connection, from: number): number {
  let i = c.clientBytes.length - 1;
  while (i > 0 && c.clientBytes[i]!.start > from) i--;
  return i;
}

/** Connection key from the client's point of view: `client:port>server:port`. */
export function connectionKey(client: Endpoint, server: Endpoint): string {
  return `${client.ip}:${client.port}>${server.ip}:${server.port}`;
}

interface Tracked {
  conn: Connection;
  /** Out-of-order client bytes by offset from clientIsn + 1. */
  pending: Map<number, Uint8Array>;
  latestClient?: SideLatest;
  latestServer?: SideLatest;
  /** When the client's first SYN was captured (ms). */
  firstSynAt?: number;
  /** The most client bytes the server acknowledged (its FIN aside). */
  ackedClientBytes?: number;
}

/**
 * A client SYN this long after the first is the client's retransmission (its initial RTO is 1 s),
 * not the same frame seen by two overlapping captures.
 */
const SYN_RETRANSMISSION_MS = 200;

export interface TrackerOptions {
  /** Whether an endpoint is a served one (VIP:port): segments to it are client → server. */
  isServer: (e: Endpoint) => boolean;
  /** Client bytes kept per connection before it is reported unprotected (default 64 MiB). */
  capBytes?: number;
  /** Server output kept per connection to check the standby's replay against (default 64 KiB). */
  serverTailBytes?: number;
}

/** Every connection to the served endpoints, as the witness sees them. */
export class TcpTracker {
  private readonly tracked = new Map<string, Tracked>();
  private readonly capBytes: number;
  private readonly serverTailBytes: number;

  constructor(private readonly options: TrackerOptions) {
    this.capBytes = options.capBytes ?? 64 * 1024 * 1024;
    this.serverTailBytes = options.serverTailBytes ?? 64 * 1024;
  }

  /** The server output kept for a connection, as one array, and the offset of its first byte. */
  serverTail(key: string): { offset: number; bytes: Uint8Array } | undefined {
    const tail = this.tracked.get(key)?.conn.serverTail;
    if (!tail || tail.length === 0) return undefined;
    const { offset, ring, length } = tail;
    const at = offset % ring.length;
    const bytes = new Uint8Array(length);
    const first = ring.subarray(at, Math.min(ring.length, at + length));
    bytes.set(first);
    bytes.set(ring.subarray(0, length - first.length), first.length);
    return { offset, bytes };
  }

  connections(): Connection[] {
    return [...this.tracked.values()].map((t) => t.conn);
  }

  /** Drops a connection and its bytes (one that ended: FIN both ways or RST). */
  forget(key: string): void {
    this.tracked.delete(key);
  }

  connection(key: string): Connection | undefined {
    return this.tracked.get(key)?.conn;
  }

  /** The client's latest and the server's latest header fields of a connection. */
  latest(key: string): { client?: SideLatest; server?: SideLatest } {
    const t = this.tracked.get(key);
    return { ...(t?.latestClient ? { client: t.latestClient } : {}), ...(t?.latestServer ? { server: t.latestServer } : {}) };
  }

  /**
   * The client's reassembled bytes `from` … `to` (offsets from its ISN + 1; default all): a view
   * of one block when they lie in one (see blockEnd), else one copy. None past the memory cap
   * (they are no longer held).
   */
  clientStream(key: string, from = 0, to = Infinity): Uint8Array {
    const c = this.tracked.get(key)?.conn;
    const stop = Math.min(to, c?.clientByteCount ?? 0);
    if (!c || from >= stop || c.unprotected) return new Uint8Array(0);
    let i = blockHolding(c, from);
    const first = c.clientBytes[i]!;
    if (stop <= first.start + first.buf.length) return first.buf.subarray(from - first.start, stop - first.start);
    const out = new Uint8Array(stop - from);
    for (; i < c.clientBytes.length && c.clientBytes[i]!.start < stop; i++) {
      const { start, buf } = c.clientBytes[i]!;
      out.set(buf.subarray(Math.max(0, from - start), Math.min(buf.length, stop - start)), Math.max(0, start - from));
    }
    return out;
  }

  /** Where the block holding client byte `from` ends (at most the bytes held): clientStream up to there is a view. */
  blockEnd(key: string, from: number): number {
    const c = this.tracked.get(key)?.conn;
    if (!c) return 0;
    const block = c.clientBytes[blockHolding(c, from)];
    return Math.min(c.clientByteCount, block ? block.start + block.buf.length : 0);
  }

  push(seg: Segment): void {
    const toServer = this.options.isServer(seg.dst);
    const fromServer = this.options.isServer(seg.src);
    if (!toServer && !fromServer) return;
    const client = toServer ? seg.src : seg.dst;
    const server = toServer ? seg.dst : seg.src;
    const key = connectionKey(client, server);
    let t = this.tracked.get(key);
    if (!t) {
      t = { conn: { key, client, server, phase: 'handshake', clientBytes: [], clientByteCount: 0, finFromClient: false, finFromServer: false, serverTail: { offset: 0, ring: new Uint8Array(0), length: 0 } }, pending: new Map() };
      this.tracked.set(key, t);
      if (!(toServer && seg.flags.syn && !seg.flags.ack)) t.conn.unrecoverable = 'handshake not seen: the witness joined a connection already open';
    }
    if (toServer) this.fromClient(t, seg);
    else this.fromServer(t, seg);
  }

  private fromClient(t: Tracked, seg: Segment): void {
    const c = t.conn;
    t.latestClient = { t: seg.t, seq: seg.seq, ack: seg.ack, window: seg.window, ...(seg.options.ts ? { tsVal: seg.options.ts.val } : {}) };
    if (seg.flags.rst) {
      c.phase = 'reset';
      return;
    }
    if (seg.flags.syn && !seg.flags.ack) {
      if (c.clientIsn === undefined) {
        c.clientIsn = seg.seq;
        c.clientOptions = seg.options;
        t.firstSynAt = seg.t;
      } else if (seg.seq === c.clientIsn && t.firstSynAt !== undefined && seg.t - t.firstSynAt >= SYN_RETRANSMISSION_MS) {
        // Not the same SYN seen twice (two captures overlap while the selector changes): the client's retransmission timer.
        c.synRetransmitted = true;
      }
      return;
    }
    if (c.clientIsn === undefined) return;
    if (seg.payload.length > 0) this.clientData(t, seqDiff(seg.seq, seqAdd(c.clientIsn, 1)), seg.payload);
    if (seg.flags.fin) {
      c.finFromClient = true;
      c.phase = c.finFromServer ? 'closed' : 'closing';
    }
  }

  private fromServer(t: Tracked, seg: Segment): void {
    const c = t.conn;
    t.latestServer = { t: seg.t, seq: seg.seq, ack: seg.ack, window: seg.window, ...(seg.options.ts ? { tsVal: seg.options.ts.val } : {}) };
    if (seg.flags.rst) {
      c.phase = 'reset';
      return;
    }
    if (seg.flags.syn && seg.flags.ack) {
      c.serverIsn = seg.seq;
      c.serverOptions = seg.options;
      if (c.phase === 'handshake') c.phase = 'established';
      return;
    }
    if (c.serverIsn !== undefined && seg.payload.length > 0) this.serverData(c, seqDiff(seg.seq, seqAdd(c.serverIsn, 1)), seg.payload);
    if (seg.flags.fin) {
      c.finFromServer = true;
      c.phase = c.finFromClient ? 'closed' : 'closing';
    }
    if (c.clientIsn !== undefined && seg.flags.ack && !c.unprotected) {
      const acked = seqDiff(seg.ack, seqAdd(c.clientIsn, 1)) - (c.finFromClient ? 1 : 0);
      if (acked > (t.ackedClientBytes ?? 0)) t.ackedClientBytes = acked;
      this.checkHole(t);
    }
  }

  private clientData(t: Tracked, offset: number, payload: Uint8Array): void {
    const c = t.conn;
    if (c.unprotected) return;
    const end = offset + payload.length;
    if (end <= c.clientByteCount) return; // a retransmission of what is held
    if (offset > c.clientByteCount) {
      const held = t.pending.get(offset);
      if (!held || held.length < payload.length) t.pending.set(offset, payload.slice());
      return;
    }
    this.append(c, payload.subarray(c.clientByteCount - offset));
    // Whatever was waiting and now touches the end joins it, in offset order.
    for (let progress = true; progress && t.pending.size > 0;) {
      progress = false;
      for (const [off, bytes] of [...t.pending].sort((a, b) => a[0] - b[0])) {
        if (off > c.clientByteCount) break;
        t.pending.delete(off);
        if (off + bytes.length > c.clientByteCount) this.append(c, bytes.subarray(c.clientByteCount - off));
        progress = true;
      }
    }
    if (t.ackedClientBytes !== undefined) this.checkHole(t);
  }

  /**
   * The server acknowledged client bytes the witness does not hold: restoring would lose them.
   * While two captures overlap (a selector change), each feeds the tracker through its own pipe,
   * so the server's ACK can arrive before the client's segment it acknowledges: such a hole closes
   * when the bytes arrive. One the kernel dropped never does (the client does not resend what was
   * acknowledged).
   */
  private checkHole(t: Tracked): void {
    const c = t.conn;
    const acked = t.ackedClientBytes ?? 0;
    const isHole = c.unrecoverable?.startsWith('hole:') ?? false;
    if (c.unrecoverable !== undefined && !isHole) return;
    if (acked > c.clientByteCount) c.unrecoverable = `hole: the server acknowledged ${acked} client bytes, the witness holds ${c.clientByteCount} in order`;
    else if (isHole) delete c.unrecoverable;
  }

  /**
   * Keeps the newest server output in order. A retransmission adds nothing; a segment past a gap
   * (one the witness missed) starts the tail afresh at its offset: only what was seen is compared.
   */
  private serverData(c: Connection, offset: number, payload: Uint8Array): void {
    const tail = c.serverTail;
    const end = tail.offset + tail.length;
    if (offset + payload.length <= end || this.serverTailBytes === 0) return;
    if (tail.ring.length === 0) tail.ring = new Uint8Array(this.serverTailBytes);
    if (offset > end) {
      tail.offset = offset;
      tail.length = 0;
    }
    // The new bytes from `end` on; only the last ring.length of them can stay.
    const fresh = payload.subarray(Math.max(0, tail.offset + tail.length - offset));
    const kept = fresh.subarray(Math.max(0, fresh.length - tail.ring.length));
    const from = tail.offset + tail.length + (fresh.length - kept.length);
    const at = from % tail.ring.length;
    const head = kept.subarray(0, tail.ring.length - at);
    tail.ring.set(head, at);
    tail.ring.set(kept.subarray(head.length), 0);
    const newEnd = from + kept.length;
    tail.length = Math.min(tail.ring.length, tail.length + fresh.length);
    tail.offset = newEnd - tail.length;
  }

  private append(c: Connection, bytes: Uint8Array): void {
    if (c.clientByteCount + bytes.length > this.capBytes) {
      c.unprotected = `over the ${this.capBytes}-byte cap of client bytes kept per connection`;
      c.clientBytes = [];
      return;
    }
    for (let at = 0; at < bytes.length;) {
      let last = c.clientBytes.at(-1);
      if (!last || c.clientByteCount === last.start + last.buf.length) {
        // Not zeroed (only the part written is ever read), and a plain Uint8Array as entries' bytes are.
        const { buffer, byteOffset, length } = Buffer.allocUnsafeSlow(last ? Math.min(CLIENT_BLOCK_MAX_BYTES, 2 * last.buf.length) : CLIENT_BLOCK_FIRST_BYTES);
        last = { start: c.clientByteCount, buf: new Uint8Array(buffer, byteOffset, length) };
        c.clientBytes.push(last);
      }
      const n = Math.min(bytes.length - at, last.start + last.buf.length - c.clientByteCount);
      last.buf.set(bytes.subarray(at, at + n), c.clientByteCount - last.start);
      c.clientByteCount += n;
      at += n;
    }
  }
}

