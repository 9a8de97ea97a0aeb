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
    private readonly rec: Recorder,
  ) {
    super(pacer);
    this.length = frameLength(size);
  }

  attach(conn: number, writer: Writer, now: number): void {
    this.link = { conn, writer, reassembler: new FrameReassembler(this.length), verifier: new FrameVerifier(this.seed, this.size, this.nextSeq) };
    this.pacer.restart(now);
    this.lastProgress = now;
  }

  pump(now: number): void {
    const link = this.link;
    if (!link) return;
    const n = this.pacer.due(now, this.pending.size);
    if (n <= 0) return;
    if (this.pending.size === 0) this.lastProgress = now;
    const frames: Buffer[] = [];
    for (let i = 0; i < n; i++) {
      const seq = this.nextSeq++;
      frames.push(encodeFrame(this.seed, seq, this.size, now));
      this.pending.set(seq, now);
      this.rec.sent(link.conn, seq, this.length, now);
    }
    this.pacer.sent(n, now);
    link.writer.write(frames.length === 1 ? frames[0]! : Buffer.concat(frames));
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
