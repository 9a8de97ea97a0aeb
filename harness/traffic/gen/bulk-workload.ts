import { bulkChunk, chunkCount } from '../protocol/bulk-data.js';
import { BulkVerifier } from '../protocol/bulk-verifier.js';
import type { Recorder } from './recorder.js';
import { lostOf, type Lost, type Workload, type Writer } from './workload.js';

interface Link {
  conn: number;
  writer: Writer;
  verifier: BulkVerifier;
  blocked: boolean;
}

/**
 * Bulk traffic through the echo: `total` seeded bytes written as fast as the connection takes
 * them (one 64 KiB chunk per write, waiting for drain), the echo compared byte for byte. A chunk is
 * `sent` when written and `verified` when its last byte is back and every byte matched.
 */
export class BulkWorkload implements Workload {
  private nextChunk = 0;
  private readonly chunks: number;
  private link: Link | undefined;
  /** chunk index → when it was written, for the current connection's unanswered chunks. */
  private readonly pending = new Map<number, number>();
  private lastProgress = 0;

  constructor(
    private readonly seed: number,
    private readonly total: number,
    private readonly rec: Recorder,
  ) {
    this.chunks = chunkCount(total);
  }

  attach(conn: number, writer: Writer, now: number): void {
    this.link = { conn, writer, verifier: new BulkVerifier(this.seed, this.total, this.nextChunk), blocked: false };
    this.lastProgress = now;
  }

  pump(now: number): void {
    const link = this.link;
    while (link && !link.blocked && this.nextChunk < this.chunks) {
      const index = this.nextChunk++;
      const chunk = bulkChunk(this.seed, this.total, index);
      if (this.pending.size === 0) this.lastProgress = now;
      this.pending.set(index, now);
      this.rec.sent(link.conn, index, chunk.length, now);
      if (!link.writer.write(chunk)) link.blocked = true;
    }
  }

  drained(): void {
    if (this.link) this.link.blocked = false;
  }

  onData(chunk: Buffer, now: number): void {
    const link = this.link;
    if (!link) return;
    const before = link.verifier.matchedBytes;
    for (const f of link.verifier.push(chunk)) {
      switch (f.kind) {
        case 'ok': {
          const sentAt = this.pending.get(f.index);
          if (sentAt === undefined) {
            this.rec.error(link.conn, 'corrupt', `chunk ${f.index} came back before it was written`, f.index);
            break;
          }
          this.pending.delete(f.index);
          this.rec.verified(link.conn, f.index, f.bytes, now - sentAt, now);
          break;
        }
        case 'corrupt':
          this.pending.delete(f.index);
          this.rec.error(link.conn, 'corrupt', f.detail, f.index);
          break;
        case 'excess':
          this.rec.error(link.conn, 'corrupt', `${f.bytes} bytes echoed beyond the end of the ${this.total}-byte transfer`);
          break;
      }
    }
    if (link.verifier.matchedBytes > before) this.lastProgress = now;
  }

  wakeIn(): number {
    return Infinity;
  }

  outstanding(): number {
    return this.pending.size;
  }

  progressAt(): number {
    return this.lastProgress;
  }

  complete(): boolean {
    return this.nextChunk >= this.chunks && this.pending.size === 0;
  }

  detach(): Lost | undefined {
    const lost = lostOf(this.pending.keys());
    this.pending.clear();
    this.link = undefined;
    return lost;
  }
}
