/** Where NDJSON lines go: stdout in the generator, an array in tests. */
export interface LineSink {
  push(line: string): void;
  /** Writes whatever is held and resolves once it has left the process. */
  close(): Promise<void>;
}

/**
 * Holds lines for up to `flushMs` and writes them in one call: at 10k messages/s a write per
 * record would be 20k syscalls/s. The first line after a flush arms the timer.
 */
export class LineBatcher implements LineSink {
  private lines: string[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly flushMs = 20,
  ) {}

  push(line: string): void {
    this.lines.push(line);
    this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  close(): Promise<void> {
    // A write's callback runs once it, and so everything before it, has been handed to the OS.
    return new Promise((resolve) => this.flush(() => resolve()));
  }

  private flush(done?: () => void): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const text = this.lines.length === 0 ? '' : this.lines.join('\n') + '\n';
    this.lines = [];
    if (text !== '' || done) this.out.write(text, done);
  }
}
