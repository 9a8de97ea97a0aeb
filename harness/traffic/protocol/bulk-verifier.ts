import { BULK_CHUNK, bulkChunk, chunkCount, chunkLength } from './bulk-data.js';
import { firstDifference } from './frame-verifier.js';

/** What the echoed bulk bytes told the client: a chunk fully back, good or bad, or bytes beyond the end. */
export type BulkFinding =
  | { kind: 'ok'; index: number; bytes: number }
  | { kind: 'corrupt'; index: number; bytes: number; detail: string }
  | { kind: 'excess'; bytes: number };

/**
 * Compares the echoed byte stream of one connection against the bulk generator, starting at chunk
 * `firstChunk` (a new connection after a break resumes with the next unsent chunk). A chunk is
 * judged once its last byte is back; corruption is reported once per chunk.
 */
export class BulkVerifier {
  private index: number;
  private offset = 0;
  private expectedChunk: Buffer | undefined;
  private mismatches = 0;
  private firstMismatch: { at: number; expected: number; actual: number } | undefined;
  private excessReported = false;
  /** Bytes echoed correctly so far on this connection: progress for the stall detector. */
  matchedBytes = 0;

  constructor(
    private readonly seed: number,
    private readonly total: number,
    firstChunk: number,
  ) {
    this.index = firstChunk;
  }

  /** Checks the bytes of one read. */
  push(data: Buffer): BulkFinding[] {
    const findings: BulkFinding[] = [];
    let at = 0;
    const chunks = chunkCount(this.total);
    while (at < data.length) {
      if (this.index >= chunks) {
        if (!this.excessReported) findings.push({ kind: 'excess', bytes: data.length - at });
        this.excessReported = true;
        break;
      }
      const length = chunkLength(this.total, this.index);
      this.expectedChunk ??= bulkChunk(this.seed, this.total, this.index);
      const take = Math.min(length - this.offset, data.length - at);
      const got = data.subarray(at, at + take);
      const want = this.expectedChunk.subarray(this.offset, this.offset + take);
      const diff = firstDifference(got, want);
      if (diff === undefined) this.matchedBytes += take;
      else this.countMismatches(got, want, diff);
      at += take;
      this.offset += take;
      if (this.offset === length) findings.push(this.finishChunk(length));
    }
    return findings;
  }

  private countMismatches(got: Buffer, want: Buffer, first: number): void {
    this.firstMismatch ??= { at: this.offset + first, expected: want[first]!, actual: got[first]! };
    let differing = 0;
    for (let i = first; i < got.length; i++) if (got[i] !== want[i]) differing++;
    this.mismatches += differing;
    this.matchedBytes += got.length - differing;
  }

  private finishChunk(length: number): BulkFinding {
    const index = this.index;
    const bad = this.firstMismatch;
    const count = this.mismatches;
    this.index++;
    this.offset = 0;
    this.expectedChunk = undefined;
    this.mismatches = 0;
    this.firstMismatch = undefined;
    if (bad === undefined) return { kind: 'ok', index, bytes: length };
    const where = index * BULK_CHUNK + bad.at;
    return { kind: 'corrupt', index, bytes: length, detail: `${count} of ${length} bytes differ in chunk ${index}; first at stream offset ${where}: expected 0x${hex8(bad.expected)}, got 0x${hex8(bad.actual)}` };
  }
}

function hex8(n: number): string {
  return n.toString(16).padStart(2, '0');
}
