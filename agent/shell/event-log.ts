import { appendFileSync } from 'node:fs';

/**
 * The agent's events file and log, written after the current turn of the event loop rather than
 * in it: a takeover's steps (claim, lock, address, ARP, fetch, rebuild) each say what they did,
 * and a synchronous file write and log line per step would sit on the path to the client's
 * first byte. Lines keep their order and their own timestamps; whatever is pending is written
 * when the process exits.
 */
export class EventLog {
  private events: string[] = [];
  private logs: string[] = [];
  private scheduled = false;

  constructor(private readonly eventsFile: string) {
    process.on('exit', () => this.flush());
  }

  /** One event line (JSON, no newline) for the events file. */
  event(line: string): void {
    this.events.push(line + '\n');
    this.schedule();
  }

  /** One log line (no newline) for stderr. */
  log(line: string): void {
    this.logs.push(line + '\n');
    this.schedule();
  }

  /** Writes what is pending, now. */
  flush(): void {
    this.scheduled = false;
    if (this.events.length > 0) {
      const text = this.events.join('');
      this.events = [];
      try {
        appendFileSync(this.eventsFile, text);
      } catch (error) {
        this.logs.push(`cannot write the events file ${this.eventsFile}: ${(error as Error).message}\n`);
      }
    }
    if (this.logs.length > 0) {
      const text = this.logs.join('');
      this.logs = [];
      process.stderr.write(text);
    }
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }
}
