/** Longest line the line-based applications take, in bytes before its `\n`: 64 KiB. */
export const MAX_LINE_BYTES = 64 * 1024;

/** What a byte stream holds, line by line: a whole line (without `\n`, a trailing `\r` dropped), or one that was too long. */
export type LineEvent = { kind: 'line'; line: Buffer } | { kind: 'too-long' };

/**
 * Splits a client's byte stream into lines, whatever its chunking: partial lines are held across
 * chunks. A line longer than MAX_LINE_BYTES is reported once, as soon as it is known to be too
 * long, and its bytes are dropped up to and including its `\n`, so memory stays bounded. The
 * events depend only on the bytes, never on where the chunks were cut.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private length = 0;
  private discarding = false;

  /** The events the chunk completes, in order. */
  push(chunk: Buffer): LineEvent[] {
    const events: LineEvent[] = [];
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl < 0 ? chunk.length : nl;
      if (!this.discarding) {
        if (this.length + (end - start) > MAX_LINE_BYTES) {
          events.push({ kind: 'too-long' });
          this.discarding = true;
          this.parts = [];
          this.length = 0;
        } else if (end > start) {
          // A copy: the caller may reuse its buffer (the takeover replays from the witness's cache).
          this.parts.push(nl < 0 ? Buffer.from(chunk.subarray(start, end)) : chunk.subarray(start, end));
          this.length += end - start;
        }
      }
      if (nl < 0) break;
      if (this.discarding) this.discarding = false;
      else events.push({ kind: 'line', line: this.take() });
      start = nl + 1;
    }
    return events;
  }

  /** The client sent its last byte: an unterminated last line still counts as a line. */
  end(): LineEvent[] {
    if (this.discarding || this.length === 0) return [];
    return [{ kind: 'line', line: this.take() }];
  }

  private take(): Buffer {
    const line = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.length);
    this.parts = [];
    this.length = 0;
    return line.length > 0 && line[line.length - 1] === 0x0d ? line.subarray(0, line.length - 1) : line;
  }
}
