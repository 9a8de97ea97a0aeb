import { execa, type ResultPromise } from 'execa';

/**
 * A long-lived `ip -batch -` on the host, so that a link goes down within a millisecond of being
 * asked (spawning `ip` for it costs ~10 ms, the whole budget of a fault's scheduling error).
 */
export class IpBatch {
  private readonly proc: ResultPromise;
  private output = '';
  private waiters: { marker: RegExp; resolve: () => void }[] = [];

  constructor() {
    this.proc = execa('ip', ['-force', '-o', '-batch', '-'], { stdin: 'pipe', reject: false, buffer: false });
    this.proc.stdout?.on('data', (b: Buffer) => {
      this.output += b.toString();
      this.waiters = this.waiters.filter((w) => {
        if (!w.marker.test(this.output)) return true;
        w.resolve();
        return false;
      });
      if (this.waiters.length === 0) this.output = '';
    });
  }

  /** Sets host interfaces down and resolves once `ip` has reported each as down. */
  async linksDown(ifnames: string[]): Promise<void> {
    const done = ifnames.map((name) => new Promise<void>((resolve) => {
      this.waiters.push({ marker: new RegExp(`\\d+: ${name}[@:][^\\n]*state DOWN`), resolve });
    }));
    this.proc.stdin?.write(ifnames.map((n) => `link set dev ${n} down\nlink show dev ${n}\n`).join(''));
    await Promise.race([Promise.all(done), new Promise((_, reject) => setTimeout(() => reject(new Error(`ip batch: no confirmation that ${ifnames.join(',')} went down`)), 2000))]);
  }

  /** Ends the `ip` process. */
  async close(): Promise<void> {
    this.proc.stdin?.end();
    await this.proc;
  }
}
