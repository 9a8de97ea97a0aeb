import type { Operation } from '../history/types.js';

/** Running totals for the live progress line. */
export class Progress {
  private sent = 0;
  private verified = 0;
  private errors = 0;
  private reconnects = 0;
  private lastRtt: number | undefined;

  /** Counts one record. */
  add(op: Operation): void {
    switch (op.kind) {
      case 'sent': this.sent++; break;
      case 'verified': this.verified++; this.lastRtt = op.rttMs; break;
      case 'error': this.errors++; break;
      case 'reconnect': this.reconnects++; break;
      case 'connect':
      case 'done':
        break;
    }
  }

  /** `t+3.0s  sent 600  verified 598  errors 0  reconnects 0  rtt 0.31 ms`. */
  line(sinceT0Ms: number): string {
    const rtt = this.lastRtt === undefined ? '-' : `${this.lastRtt.toFixed(2)} ms`;
    const t = (sinceT0Ms / 1000).toFixed(1).replace(/^-0\.0$/, '0.0');
    return `t${t.startsWith('-') ? '' : '+'}${t}s  sent ${this.sent}  verified ${this.verified}  errors ${this.errors}  reconnects ${this.reconnects}  rtt ${rtt}`;
  }
}
