import { LineSession } from './line-session.js';

/**
 * A long-lived `nft -i` on the host, so that a partition is in place within a millisecond or two
 * of its scheduled instant (spawning `nft` costs ~8 ms of a fault's 10 ms scheduling budget).
 * Each call sends one line — one transaction — and then lists a table, whose closing brace says
 * the line was processed.
 */
export class NftSession {
  private readonly session = new LineSession('nft', ['-i']);

  /**
   * Runs `commands` as one transaction, then lists `table` (family and name).
   * Resolves with nft's error output (empty when it succeeded) and the listing.
   */
  async apply(commands: string[], table: string): Promise<{ ok: boolean; error: string; listing: string }> {
    const reply = await this.session.request(`${commands.join('; ')}\nlist table ${table}\n`, (r) => /(^|\n)\}\n?$/.test(r.stdout));
    const error = reply.stderr.trim();
    return { ok: error === '', error, listing: reply.stdout };
  }

  close(): Promise<void> {
    return this.session.close();
  }
}
