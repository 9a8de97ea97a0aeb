import { decodeFrame, framePayload } from './frame.js';

/** What one echoed frame told the client. A frame can yield two findings: a gap, then itself. */
export type FrameFinding =
  /** The expected message came back intact. */
  | { kind: 'ok'; seq: number }
  /** Messages `firstMissing` … `firstMissing + missing - 1` were skipped: the echo jumped past them. */
  | { kind: 'gap'; firstMissing: number; missing: number; nextSeen: number }
  /** A message already echoed (or skipped) came back again. */
  | { kind: 'duplicate'; seq: number; expected: number }
  /** The frame cannot be trusted; `seq` is the message whose slot it took. */
  | { kind: 'corrupt'; seq: number; detail: string };

/**
 * Checks echoed frames of one connection in order: checksum, then sequence (gap / duplicate),
 * then the payload against the generator. A corrupt frame consumes the expected slot, so one bad
 * frame is one error and the stream stays in step.
 */
export class FrameVerifier {
  private next: number;

  constructor(
    private readonly seed: number,
    private readonly size: number,
    firstSeq: number,
  ) {
    this.next = firstSeq;
  }

  /** The seq the next echoed frame should carry. */
  get expected(): number {
    return this.next;
  }

  /** Checks one whole frame; `nextUnsent` is the lowest seq not yet written (nothing at or above it can be echoed). */
  verify(frame: Buffer, nextUnsent: number): FrameFinding[] {
    const decoded = decodeFrame(frame);
    if (!decoded.ok) return [this.corruptSlot(decoded.reason, nextUnsent)];
    const { seq } = decoded;
    if (seq >= nextUnsent) return [this.corruptSlot(`echo carries seq ${seq}, which was never sent (next unsent is ${nextUnsent})`, nextUnsent)];
    if (seq < this.next) return [{ kind: 'duplicate', seq, expected: this.next }];
    const findings: FrameFinding[] = [];
    if (seq > this.next) findings.push({ kind: 'gap', firstMissing: this.next, missing: seq - this.next, nextSeen: seq });
    this.next = seq + 1;
    const mismatch = firstDifference(decoded.payload, framePayload(this.seed, seq, this.size));
    findings.push(mismatch === undefined ? { kind: 'ok', seq } : { kind: 'corrupt', seq, detail: `payload differs from the generator's at byte ${mismatch} of ${this.size} (checksum was valid: the sender or the echo produced other data)` });
    return findings;
  }

  private corruptSlot(detail: string, nextUnsent: number): FrameFinding {
    const seq = this.next;
    if (this.next < nextUnsent) this.next++;
    return { kind: 'corrupt', seq, detail };
  }
}

/** Index of the first differing byte, or undefined when equal (lengths included). */
export function firstDifference(actual: Uint8Array, expected: Uint8Array): number | undefined {
  const n = Math.min(actual.length, expected.length);
  if (n === actual.length && n === expected.length && Buffer.compare(actual, expected) === 0) return undefined;
  for (let i = 0; i < n; i++) if (actual[i] !== expected[i]) return i;
  return n;
}
