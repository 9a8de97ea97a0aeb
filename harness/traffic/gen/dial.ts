import net from 'node:net';
import type { ErrorKind } from '../../history/types.js';
import { classifySocketError, describeSocketError } from './socket-errors.js';

/** One connection attempt's outcome: a ready socket and how long it took, or why it failed. */
export type DialResult =
  | { ok: true; socket: net.Socket; ms: number }
  | { ok: false; error: ErrorKind; detail: string };

/** Options of one attempt. */
export interface DialOptions {
  host: string;
  port: number;
  timeoutMs: number;
  /** TCP_NODELAY: on for message traffic, where Nagle would add latency to small frames. */
  noDelay: boolean;
  clock: () => number;
}

/** Opens one TCP connection, keepalive off, giving up after `timeoutMs`. */
export function dial(o: DialOptions): Promise<DialResult> {
  const started = o.clock();
  return new Promise((resolve) => {
    const socket = net.connect({ host: o.host, port: o.port });
    const timer = setTimeout(() => {
      socket.destroy();
      settle({ ok: false, error: 'timeout', detail: `connecting to ${o.host}:${o.port} did not complete within ${o.timeoutMs} ms` });
    }, o.timeoutMs);
    const settle = (r: DialResult): void => {
      clearTimeout(timer);
      socket.removeListener('connect', onConnect);
      socket.removeListener('error', onError);
      resolve(r);
    };
    const onConnect = (): void => {
      socket.setKeepAlive(false);
      socket.setNoDelay(o.noDelay);
      settle({ ok: true, socket, ms: o.clock() - started });
    };
    const onError = (err: unknown): void => {
      socket.destroy();
      settle({ ok: false, error: classifySocketError(err), detail: `connecting to ${o.host}:${o.port}: ${describeSocketError(err)}` });
    };
    socket.once('connect', onConnect);
    socket.once('error', onError);
  });
}
