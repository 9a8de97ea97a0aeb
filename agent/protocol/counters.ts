import { DROP_REASONS, type DropReason } from './decode-result.js';

/** Counts of received datagrams: accepted, and dropped per reason. */
export interface CounterSnapshot {
  accepted: number;
  dropped: Record<DropReason, number>;
}

/** Receive counters an agent logs and exposes; no I/O. */
export class Counters {
  #accepted = 0;
  readonly #dropped = Object.fromEntries(DROP_REASONS.map((r) => [r, 0])) as Record<DropReason, number>;

  /** One datagram accepted. */
  accept(): void {
    this.#accepted++;
  }

  /** One datagram dropped for `reason`. */
  drop(reason: DropReason): void {
    this.#dropped[reason]++;
  }

  /** A copy of the counts. */
  snapshot(): CounterSnapshot {
    return { accepted: this.#accepted, dropped: { ...this.#dropped } };
  }

  /** One log line: `accepted 12, dropped 3 (bad-mac 2, replay 1)`. */
  toString(): string {
    const nonZero = DROP_REASONS.filter((r) => this.#dropped[r] > 0);
    const total = nonZero.reduce((sum, r) => sum + this.#dropped[r], 0);
    const detail = nonZero.length > 0 ? ` (${nonZero.map((r) => `${r} ${this.#dropped[r]}`).join(', ')})` : '';
    return `accepted ${this.#accepted}, dropped ${total}${detail}`;
  }
}
