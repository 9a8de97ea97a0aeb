import { encodeFrame, frameLength } from '../protocol/frame.js';
import { FrameVerifier } from '../protocol/frame-verifier.js';
import { FrameReassembler } from '../protocol/reassembler.js';
import type { Pacer } from '../pacing/pacer.js';
import type { Recorder } from './recorder.js';
import { PacedWorkload, type Writer } from './workload.js';

interface Link {
  conn: number;
  writer: Writer;
  reassembler: FrameReassembler;
  verifier: FrameVerifier;
}

/**
 * Stream and rpc traffic: numbered, checksummed frames (protocol/frame.ts), paced by `pacer`,
 * echoed back and verified in order. All frames due at one moment go out in a single write.
 */
export class FrameWorkload extends PacedWorkload<Link, number> {
  private readonly length: number;

  /** `pending` holds when each frame was written. */
  constructor(
    private readonly seed: number,
    private readonly size: number,
    pacer: Pacer,
    rec: Recorder,
  ) {
    super(pacer, rec);
    this.length = frameLength(size);
  }

  protected open(conn: number, writer: Writer): Link {
    return { conn, writer, reassembler: new FrameReassembler(this.length), verifier: new FrameVerifier(this.seed, this.size, this.nextSeq) };
  }

  protected message(_link: Link, seq: number, now: number): { bytes: Buffer; pending: number } {
    return { bytes: encodeFrame(this.seed, seq, this.size, now), pending: now };
  }

  onData(chunk: Buffer, now: number): void {
    const link = this.link;
    if (!link) return;
    for (const frame of link.reassembler.push(chunk)) {
      for (const f of link.verifier.verify(frame, this.nextSeq)) {
        switch (f.kind) {
          case 'ok': {
            const sentAt = this.pending.get(f.seq) ?? now;
            this.pending.delete(f.seq);
            this.lastProgress = now;
            this.rec.verified(link.conn, f.seq, this.length, now - sentAt, now);
            break;
          }
          case 'gap': {
            for (let s = f.firstMissing; s < f.nextSeen; s++) this.pending.delete(s);
            const last = f.nextSeen - 1;
            const range = f.missing === 1 ? `seq ${f.firstMissing}` : `seq ${f.firstMissing}–${last}`;
            this.rec.error(link.conn, 'gap', `${f.missing} message${f.missing === 1 ? '' : 's'} missing: ${range} never echoed, seq ${f.nextSeen} came next`, f.firstMissing);
            break;
          }
          case 'duplicate':
            this.rec.error(link.conn, 'duplicate', `seq ${f.seq} echoed again (expected seq ${f.expected})`, f.seq);
            break;
          case 'corrupt':
            this.pending.delete(f.seq);
            this.rec.error(link.conn, 'corrupt', f.detail, f.seq);
            break;
        }
      }
    }
  }

}
