/**
 * A connection to a witness's cache channel opened before it is needed: while a peer is suspected,
 * the standby connects to each witness so that, should the failure be decided, the request leaves
 * at once instead of after a TCP handshake on a loaded host. Nothing is sent on it until then; the
 * witness closes a connection that stays silent (its idle timeout, 2 s by default), so one is kept
 * for `maxAgeMs` at most (then closed) and a fresh one opened when still wanted.
 */
import { connect, type Socket } from 'node:net';

export interface WarmConnectionOptions {
  host: string;
  port: number;
  /** How long an unused connection is kept (below the witness's idle timeout). */
  maxAgeMs: number;
  log: (line: string) => void;
}

export class WarmConnection {
  private socket: Socket | undefined;
  private openedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly onError = (error: Error): void => {
    this.o.log(`warm connection to witness ${this.o.host}:${this.o.port}: ${error.message}`);
    this.discard();
  };
  private readonly onGone = (): void => this.discard();

  constructor(private readonly o: WarmConnectionOptions) {}

  /** Opens one if none is open, or replaces one about to be closed by the witness. */
  keep(now = performance.now()): void {
    if (this.socket && now - this.openedAt < this.o.maxAgeMs) return;
    this.discard();
    const socket = connect({ host: this.o.host, port: this.o.port });
    socket.setNoDelay(true);
    socket.on('error', this.onError);
    socket.on('end', this.onGone);
    socket.on('close', this.onGone);
    this.socket = socket;
    this.openedAt = now;
    this.timer = setTimeout(() => this.discard(), this.o.maxAgeMs);
    this.timer.unref();
  }

  /**
   * The connection, open or still opening, for the caller to use (it is no longer this one's);
   * undefined when none is, or it is too old to trust.
   */
  take(now = performance.now()): Socket | undefined {
    const socket = this.socket;
    // The age is checked as well as timed: a stalled event loop runs the timer late.
    if (!socket || socket.destroyed || now - this.openedAt >= this.o.maxAgeMs) {
      this.discard();
      return undefined;
    }
    this.release(socket);
    return socket;
  }

  /** Closes the connection, if one is kept. */
  discard(): void {
    const socket = this.socket;
    if (!socket) return clearTimeout(this.timer);
    this.release(socket);
    // An error after this (a reset on the way out) has nothing left to tell.
    socket.on('error', () => undefined);
    socket.destroy();
  }

  /** The kept connection is no longer this one's: its timer and listeners go. */
  private release(socket: Socket): void {
    clearTimeout(this.timer);
    socket.off('error', this.onError);
    socket.off('end', this.onGone);
    socket.off('close', this.onGone);
    this.socket = undefined;
  }
}
