import type { ErrorKind, Operation } from '../../history/types.js';
import { micro } from './clock.js';
import type { LineSink } from './line-batcher.js';

/** The generator's running totals, written in its `done` record. */
export interface Totals {
  sent: number;
  verified: number;
  bytesSent: number;
  bytesVerified: number;
}

/** A generator's counters so far: one line per second on stdout when the history goes to a file. */
export interface GeneratorProgress {
  gen: string;
  sent: number;
  verified: number;
  errors: number;
  reconnects: number;
  lastRttMs: number | null;
}

/** Writes one generator's `Operation` records as NDJSON and keeps its totals. */
export class Recorder {
  readonly totals: Totals = { sent: 0, verified: 0, bytesSent: 0, bytesVerified: 0 };
  private errors = 0;
  private reconnects = 0;
  private lastRttMs: number | null = null;

  /** `"gen":"stream1"`, ready to splice into the per-message lines. */
  private readonly genField: string;

  constructor(
    private readonly gen: string,
    private readonly sink: LineSink,
    private readonly clock: () => number,
  ) {
    this.genField = `"gen":${JSON.stringify(gen)}`;
  }

  connect(conn: number, ms: number): void {
    this.write({ t: this.t(), gen: this.gen, kind: 'connect', conn, ms: micro(ms) });
  }

  sent(conn: number, seq: number, bytes: number, t: number): void {
    this.totals.sent++;
    this.totals.bytesSent += bytes;
    // The two records of every message are written by hand: JSON.stringify of each costs the
    // closed-loop rpc generator ~5 % of its rate. Same text, same key order (see the unit tests).
    this.sink.push(`{"t":${micro(t)},${this.genField},"kind":"sent","conn":${conn},"seq":${seq},"bytes":${bytes}}`);
  }

  verified(conn: number, seq: number, bytes: number, rttMs: number, t: number): void {
    this.totals.verified++;
    this.totals.bytesVerified += bytes;
    this.lastRttMs = rttMs;
    this.sink.push(`{"t":${micro(t)},${this.genField},"kind":"verified","conn":${conn},"seq":${seq},"bytes":${bytes},"rttMs":${micro(rttMs)}}`);
  }

  error(conn: number, error: ErrorKind, detail: string, seq?: number): void {
    this.errors++;
    this.write({ t: this.t(), gen: this.gen, kind: 'error', conn, error, detail, ...(seq === undefined ? {} : { seq }) });
  }

  reconnect(conn: number, afterMs: number): void {
    this.reconnects++;
    this.write({ t: this.t(), gen: this.gen, kind: 'reconnect', conn, afterMs: micro(afterMs) });
  }

  progress(): GeneratorProgress {
    return { gen: this.gen, sent: this.totals.sent, verified: this.totals.verified, errors: this.errors, reconnects: this.reconnects, lastRttMs: this.lastRttMs === null ? null : micro(this.lastRttMs) };
  }

  /** The last record; then the sink is flushed. */
  async done(): Promise<void> {
    this.write({ t: this.t(), gen: this.gen, kind: 'done', ...this.totals });
    await this.sink.close();
  }

  private t(): number {
    return micro(this.clock());
  }

  private write(op: Operation): void {
    this.sink.push(op);
  }
}
