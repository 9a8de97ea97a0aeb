import { LineSession } from './line-session.js';

/**
 * A long-lived `ip -batch -` on the host, so that a link goes down within a millisecond of being
 * asked (spawning `ip` for it costs ~10 ms, the whole budget of a fault's scheduling error).
 */
export class IpBatch {
  private readonly session = new LineSession('ip', ['-force', '-o', '-batch', '-']);

  /** Sets host interfaces down and resolves once `ip` has reported each as down. */
  async linksDown(ifnames: string[]): Promise<void> {
    const markers = ifnames.map((name) => new RegExp(`\\d+: ${name}[@:][^\\n]*state DOWN`));
    await this.session.request(
      ifnames.map((n) => `link set dev ${n} down\nlink show dev ${n}\n`).join(''),
      (reply) => markers.every((m) => m.test(reply.stdout)),
    );
  }

  close(): Promise<void> {
    return this.session.close();
  }
}
