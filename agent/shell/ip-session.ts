import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { addressText, type AddressRef } from '../protocol/record.js';

/**
 * A long-lived `ip -batch -` in the node: an address goes up well under a millisecond after the
 * decision, where spawning `ip` costs ~5 ms of the decision-to-ARP budget. Each change is
 * followed by a one-line-per-address listing of the interface (flushed as one write), which
 * confirms that the address is there (or gone).
 */
export class IpSession {
  private readonly proc: ChildProcessWithoutNullStreams;
  private out = '';
  private waiter: (() => void) | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly ifname: string) {
    this.proc = spawn('ip', ['-force', '-o', '-4', '-batch', '-']);
    this.proc.stdout.on('data', (b: Buffer) => {
      this.out += b.toString();
      this.waiter?.();
    });
    this.proc.stderr.on('data', () => undefined); // "RTNETLINK answers: …": the listing tells the outcome
  }

  /** Adds (or removes) an address; resolves once `ip` lists it as present (or absent). */
  change(op: 'add' | 'del', address: AddressRef): Promise<void> {
    const next = this.queue.then(() => this.once(op, address));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private once(op: 'add' | 'del', address: AddressRef): Promise<void> {
    this.out = '';
    const listed = ` inet ${addressText(address)} `;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`ip: no listing of ${this.ifname} after ${op} ${addressText(address)}`)), 2000);
      this.waiter = () => {
        if (!this.out.endsWith('\n')) return;
        clearTimeout(timer);
        this.waiter = undefined;
        const present = this.out.includes(listed);
        if (present === (op === 'add')) resolve();
        else reject(new Error(`ip: ${addressText(address)} is ${present ? 'still' : 'not'} on ${this.ifname} after ${op}`));
      };
      this.proc.stdin.write(`addr ${op === 'add' ? 'replace' : 'del'} ${addressText(address)} dev ${this.ifname}\naddr show dev ${this.ifname}\n`);
    });
  }

  close(): void {
    this.proc.stdin.end();
  }
}
