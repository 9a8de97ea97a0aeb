import { execa, type ResultPromise } from 'execa';

/**
 * A long-lived `nft -i` on the host, so that a partition is in place within a millisecond or two
 * of its scheduled instant (spawning `nft` costs ~8 ms of a fault's 10 ms scheduling budget).
 * Each call sends one line — one transaction — and then lists a table, whose closing brace says
 * the line was processed.
 */
export class NftSession {
  private readonly proc: ResultPromise;
  private stdout = '';
  private stderr = '';
  private waiting: (() => void) | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor() {
    this.proc = execa('nft', ['-i'], { stdin: 'pipe', reject: false, buffer: false });
    this.proc.stdout?.on('data', (b: Buffer) => {
      this.stdout += b.toString();
      if (/(^|\n)\}\n?$/.test(this.stdout)) this.waiting?.();
    });
    this.proc.stderr?.on('data', (b: Buffer) => {
      this.stderr += b.toString();
    });
  }

  /**
   * Runs `commands` as one transaction, then lists `table` (family and name).
   * Resolves with nft's error output (empty when it succeeded) and the listing.
   */
  apply(commands: string[], table: string): Promise<{ ok: boolean; error: string; listing: string }> {
    const next = this.queue.then(() => this.once(commands, table));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async once(commands: string[], table: string): Promise<{ ok: boolean; error: string; listing: string }> {
    this.stdout = '';
    this.stderr = '';
    const listed = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`nft: no answer within 2 s to ${commands.join('; ')}${this.stderr ? `: ${this.stderr.trim()}` : ''}`)), 2000);
      this.waiting = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.proc.stdin?.write(`${commands.join('; ')}\nlist table ${table}\n`);
    await listed;
    this.waiting = undefined;
    const error = this.stderr.trim();
    return { ok: error === '', error, listing: this.stdout };
  }

  /** Ends the `nft` process. */
  async close(): Promise<void> {
    this.proc.stdin?.end();
    await this.proc;
  }
}
