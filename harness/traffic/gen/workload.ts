import type { Pacer } from '../pacing/pacer.js';
import type { Recorder } from './recorder.js';

/** What a workload writes to: the current connection (false = its buffer is full, wait for `drained`). */
export interface Writer {
  write(data: Buffer): boolean;
}

/** Messages that were outstanding on a connection when it ended: never to be echoed, never resent. */
export interface Lost {
  firstSeq: number;
  lastSeq: number;
  count: number;
}

/**
 * One traffic kind's logic over a succession of connections: what to send, how to check what
 * comes back, what is outstanding. No sockets or timers: the connection loop drives it.
 */
export interface Workload {
  /** A connection numbered `conn` is up at `now`: start a fresh byte stream on it. */
  attach(conn: number, writer: Writer, now: number): void;
  /** Bytes echoed on the current connection. */
  onData(chunk: Buffer, now: number): void;
  /** Writes whatever is due at `now`. */
  pump(now: number): void;
  /** The writer's buffer has room again. */
  drained(): void;
  /** Milliseconds until `pump` has something to send by time alone. */
  wakeIn(now: number): number;
  /** Messages written and not yet answered. */
  outstanding(): number;
  /** Last moment of progress: a verified answer, or the first send after an idle spell. */
  progressAt(): number;
  /** True when there is nothing left to send or to wait for (bulk: all bytes back). */
  complete(): boolean;
  /** The connection is gone: forget its state and say what was lost with it. */
  detach(): Lost | undefined;
}

/** Collects the outstanding sequence numbers of a detached connection into one `Lost`. */
export function lostOf(seqs: Iterable<number>): Lost | undefined {
  let first = Infinity;
  let last = -Infinity;
  let count = 0;
  for (const s of seqs) {
    first = Math.min(first, s);
    last = Math.max(last, s);
    count++;
  }
  return count === 0 ? undefined : { firstSeq: first, lastSeq: last, count };
}

/**
 * What the paced workloads (stream, rpc, kv, lines) share: sequence numbers that continue across
 * connections, the messages outstanding on the current one (`P`: what each needs to check its
 * answer), the pacer that says what is due, and one write for all that is due at once.
 * Subclasses say what a connection holds, what message `seq` is, and check the answers.
 */
export abstract class PacedWorkload<L extends { conn: number; writer: Writer }, P> implements Workload {
  protected nextSeq = 0;
  protected link: L | undefined;
  /** seq → what was written, for the current connection's messages not yet answered, oldest first. */
  protected readonly pending = new Map<number, P>();
  protected lastProgress = 0;

  constructor(
    protected readonly pacer: Pacer,
    protected readonly rec: Recorder,
  ) {}

  /** The state of a new connection `conn`. */
  protected abstract open(conn: number, writer: Writer): L;
  /** Message `seq` on `link`, written at `now`: its bytes, and what its answer is checked against. */
  protected abstract message(link: L, seq: number, now: number): { bytes: Buffer; pending: P };
  abstract onData(chunk: Buffer, now: number): void;

  attach(conn: number, writer: Writer, now: number): void {
    this.link = this.open(conn, writer);
    this.pacer.restart(now);
    this.lastProgress = now;
  }

  pump(now: number): void {
    const link = this.link;
    if (!link) return;
    const n = this.pacer.due(now, this.pending.size);
    if (n <= 0) return;
    if (this.pending.size === 0) this.lastProgress = now;
    const out: Buffer[] = [];
    for (let i = 0; i < n; i++) {
      const seq = this.nextSeq++;
      const m = this.message(link, seq, now);
      this.pending.set(seq, m.pending);
      this.rec.sent(link.conn, seq, m.bytes.length, now);
      out.push(m.bytes);
    }
    this.pacer.sent(n, now);
    link.writer.write(out.length === 1 ? out[0]! : Buffer.concat(out));
  }

  drained(): void {}

  wakeIn(now: number): number {
    return this.pacer.wakeIn(now, this.pending.size);
  }

  outstanding(): number {
    return this.pending.size;
  }

  progressAt(): number {
    return this.lastProgress;
  }

  complete(): boolean {
    return false;
  }

  detach(): Lost | undefined {
    const lost = lostOf(this.pending.keys());
    this.pending.clear();
    this.link = undefined;
    return lost;
  }
}
