import type { Pacer } from './pacer.js';

/**
 * At most `concurrency` requests outstanding. `rate` 0: closed loop, a new request as soon as a
 * slot frees. `rate` > 0: a token bucket filled at `rate`/s holding at most `concurrency` tokens,
 * so a stall never turns into a long burst afterwards.
 */
export class RpcPacer implements Pacer {
  private tokens = 0;
  private last = 0;

  constructor(
    private readonly rate: number,
    private readonly concurrency: number,
  ) {
    if (!(rate >= 0)) throw new RangeError(`RpcPacer: rate must be ≥ 0 requests/s, got ${rate}`);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`RpcPacer: concurrency must be an integer ≥ 1, got ${concurrency}`);
  }

  restart(now: number): void {
    this.last = now;
    this.tokens = this.rate > 0 ? 1 : 0;
  }

  due(now: number, outstanding: number): number {
    const free = Math.max(0, this.concurrency - outstanding);
    if (this.rate === 0) return free;
    this.refill(now);
    return Math.min(free, Math.floor(this.tokens));
  }

  sent(n: number, now: number): void {
    if (this.rate === 0) return;
    this.refill(now);
    this.tokens = Math.max(0, this.tokens - n);
  }

  wakeIn(now: number, outstanding: number): number {
    if (this.rate === 0 || outstanding >= this.concurrency) return Infinity;
    this.refill(now);
    return this.tokens >= 1 ? 0 : ((1 - this.tokens) * 1000) / this.rate;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.concurrency, this.tokens + ((now - this.last) * this.rate) / 1000);
    this.last = now;
  }
}
