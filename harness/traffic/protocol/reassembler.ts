/**
 * Cuts a TCP byte stream back into fixed-length frames: a read may hold part of a frame, several
 * frames, or both. Frames of one generator all have the same length, so framing survives a
 * corrupt header (the next frame still starts where it should).
 */
export class FrameReassembler {
  private pending: Buffer = Buffer.alloc(0);

  constructor(readonly frameLength: number) {
    if (!Number.isInteger(frameLength) || frameLength <= 0) throw new RangeError(`FrameReassembler: frame length must be a positive integer, got ${frameLength}`);
  }

  /** Bytes held back, waiting for the rest of their frame. */
  get buffered(): number {
    return this.pending.length;
  }

  /** Adds the bytes of one read; returns every frame now complete, in order. */
  push(chunk: Buffer): Buffer[] {
    const data = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Buffer[] = [];
    let at = 0;
    while (data.length - at >= this.frameLength) {
      frames.push(data.subarray(at, at + this.frameLength));
      at += this.frameLength;
    }
    // Copy the tail: it must not pin (or alias) the caller's buffer.
    this.pending = at === data.length ? Buffer.alloc(0) : Buffer.from(data.subarray(at));
    return frames;
  }
}
