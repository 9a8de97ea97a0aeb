import type { Pacer } from './pacer.js';

/**
 * Open loop at `rate` messages per second, whatever is outstanding: message i of a connection is
 * due at restart + i / rate. A late timer sends what fell due in one write (no drift, no loss of
 * rate); a new connection restarts the schedule (no burst of what was missed while down).
 */
export class StreamPacer implements Pacer {
  private anchor = 0;
  private count = 0;
  private readonly intervalMs: number;

  constructor(rate: number) {
    if (!(rate > 0)) throw new RangeError(`StreamPacer: rate must be > 0 messages/s, got ${rate}`);
    this.intervalMs = 1000 / rate;
  }

  restart(now: number): void {
    this.anchor = now;
    this.count = 0;
  }

  due(now: number): number {
    return Math.max(0, Math.floor((now - this.anchor) / this.intervalMs) + 1 - this.count);
  }

  sent(n: number): void {
    this.count += n;
  }

  wakeIn(now: number): number {
    return Math.max(0, this.anchor + this.count * this.intervalMs - now);
  }
}
