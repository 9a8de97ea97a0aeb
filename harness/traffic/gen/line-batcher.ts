/** Where records go, to be written one JSON per line: stdout in the generator, an array in tests. */
export interface LineSink {
  /** A record, or its JSON text already made. */
  push(record: object | string): void;
  /** Writes whatever is held and resolves once it has left the process. */
  close(): Promise<void>;
}

/**
 * Holds records for up to `flushMs` and writes them in one call: at 10k messages/s a write per
 * record would be 20k syscalls/s. Records are serialised at the flush, not when pushed, so that
 * the work falls in the time the generator waits for its answers rather than between an answer
 * and the next request. The first record after a flush arms the timer.
 */
export class LineBatcher implements LineSink {
  private records: (object | string)[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly flushMs = 20,
  ) {}

  push(record: object | string): void {
    this.records.push(record);
    this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  close(): Promise<void> {
    // A write's callback runs once it, and so everything before it, has been handed to the OS.
    return new Promise((resolve) => this.flush(() => resolve()));
  }

  private flush(done?: () => void): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    let text = '';
    for (const r of this.records) text += (typeof r === 'string' ? r : JSON.stringify(r)) + '\n';
    this.records = [];
    if (text !== '' || done) this.out.write(text, done);
  }
}
