/**
 * The standby's follow of a witness's cache: one long-lived connection, one authenticated follow
 * request saying what the mirror holds already, then the witness's updates (entries frames that
 * echo the request's nonce and are numbered 1, 2, …) applied to the mirror as they come. Broken
 * (the witness restarted, the network, an update that does not fit), it starts again after a
 * pause from what the mirror holds; nothing is lost by a break but time: a failure decided
 * meanwhile fetches whatever the mirror lacks.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import type { Mirror } from '../takeover/mirror.js';
import type { WitnessChannel } from './cache-client.js';
import { encodeFrame, FrameReader } from './frame.js';

export interface CacheFollowOptions extends WitnessChannel {
  /** The service addresses whose connections are followed (those other nodes hold). */
  ips: string[];
  mirror: Mirror;
  /** A follow started (with what the mirror held), or broke (why): once per change, not per retry. */
  onChange: (state: 'following' | 'broken', detail: string) => void;
  log: (line: string) => void;
  /** Pause before following again after a break (default 1000 ms). */
  retryMs?: number;
}

export class CacheFollow {
  private socket: Socket | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private following = false;
  private updates = 0;
  private received = 0;

  constructor(private readonly o: CacheFollowOptions) {
    this.start();
  }

  /** Updates applied and client bytes received, since the follow started. */
  get stats(): { updates: number; bytes: number } {
    return { updates: this.updates, bytes: this.received };
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.socket?.destroy();
  }

  private start(): void {
    const { o } = this;
    const where = `witness ${o.host}:${o.port}`;
    const nonce = randomBytes(16).toString('hex');
    const have = o.mirror.held();
    const request = encodeFrame({ type: 'follow', body: { clusterId: o.clusterId, from: o.from, bootId: o.bootId, nonce, sentAt: Date.now(), lost: o.from, ips: o.ips, have } }, o.key);
    const reader = new FrameReader(o.key);
    const socket = connect({ host: o.host, port: o.port });
    this.socket = socket;
    let seq = 0;
    let why: string | undefined;
    /** Ends this attempt; `again` is the pause before the next one. */
    const broken = (reason: string, again = o.retryMs ?? 1000): void => {
      if (why !== undefined) return;
      why = reason;
      socket.destroy();
      if (this.following) o.onChange('broken', `follow of ${where} broke: ${reason}; following again in ${again} ms`);
      else o.log(`follow of ${where}: ${reason}`);
      this.following = false;
      if (!this.closed) this.timer = setTimeout(() => this.start(), again);
    };
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 1000);
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      if (why !== undefined) return;
      const result = reader.push(chunk);
      if (!result.ok) return broken(`${result.reason}: ${result.detail}${result.reason === 'bad-mac' ? ' (check that both nodes have the same cluster key)' : ''}`);
      for (const frame of result.frames) {
        if (frame.type === 'refused') return broken(`the witness refused: ${frame.body.reason}`, 5 * (o.retryMs ?? 1000));
        if (frame.type !== 'entries') return broken(`expected an entries frame, got ${frame.type}`);
        const { body } = frame;
        if (body.nonce !== nonce) return broken(`an update echoes nonce ${body.nonce}, not this follow's ${nonce}`);
        if (body.seq !== seq + 1) return broken(`update ${body.seq ?? '(unnumbered)'} after ${seq}: not the witness's stream`);
        if (++seq === 1) {
          // The first update says the witness accepted the follow.
          this.following = true;
          this.updates = 0;
          this.received = 0;
          o.onChange('following', `following ${o.ips.join(', ')} at ${where}, the mirror holding ${have.reduce((n, h) => n + h.bytes, 0)} client bytes of ${have.length} connection(s)`);
        }
        o.mirror.drop(body.gone ?? []);
        for (const entry of body.entries) {
          const problem = o.mirror.apply(entry);
          // The mirror dropped what did not fit; following again from what it holds mends it.
          if (problem) return broken(problem, 0);
          this.received += entry.clientBytes.length;
        }
        this.updates++;
      }
    });
    socket.on('end', () => broken(`the witness closed the connection${reader.end() ? ' inside a frame' : ''}`));
    socket.on('error', (error) => broken(error.message));
    socket.on('close', () => broken('connection closed'));
  }
}
