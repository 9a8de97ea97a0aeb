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

/** Writes one generator's `Operation` records as NDJSON and keeps its totals. */
export class Recorder {
  readonly totals: Totals = { sent: 0, verified: 0, bytesSent: 0, bytesVerified: 0 };

  constructor(
    private readonly gen: string,
    private readonly sink: LineSink,
    private readonly clock: () => number,
  ) {}

  connect(conn: number, ms: number): void {
    this.write({ t: this.t(), gen: this.gen, kind: 'connect', conn, ms: micro(ms) });
  }

  sent(conn: number, seq: number, bytes: number, t: number): void {
    this.totals.sent++;
    this.totals.bytesSent += bytes;
    this.write({ t: micro(t), gen: this.gen, kind: 'sent', conn, seq, bytes });
  }

  verified(conn: number, seq: number, bytes: number, rttMs: number, t: number): void {
    this.totals.verified++;
    this.totals.bytesVerified += bytes;
    this.write({ t: micro(t), gen: this.gen, kind: 'verified', conn, seq, bytes, rttMs: micro(rttMs) });
  }

  error(conn: number, error: ErrorKind, detail: string, seq?: number): void {
    this.write({ t: this.t(), gen: this.gen, kind: 'error', conn, error, detail, ...(seq === undefined ? {} : { seq }) });
  }

  reconnect(conn: number, afterMs: number): void {
    this.write({ t: this.t(), gen: this.gen, kind: 'reconnect', conn, afterMs: micro(afterMs) });
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
    this.sink.push(JSON.stringify(op));
  }
}
