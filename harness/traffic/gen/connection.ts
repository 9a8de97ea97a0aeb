import type { Socket } from 'node:net';
import type { ErrorKind } from '../../history/types.js';
import { classifySocketError, describeSocketError } from './socket-errors.js';
import type { Workload } from './workload.js';

/** Why a connection's phase of the run ended. */
export type ConnectionEnd =
  /** Sending time is over and every answer came back, or the grace period after it ran out. */
  | { kind: 'ended' }
  /** The workload has nothing left to send or await (bulk: every byte back). */
  | { kind: 'complete' }
  /** The process was told to stop. */
  | { kind: 'aborted' }
  /** The connection failed at `at`: reset, closed by the server, or stalled. */
  | { kind: 'broken'; error: ErrorKind; detail: string; at: number };

/** What drives one connection. */
export interface ConnectionOptions {
  socket: Socket;
  conn: number;
  /** host:port, for error details. */
  peer: string;
  workload: Workload;
  clock: () => number;
  /** Epoch ms at which sending stops. */
  sendUntil: number;
  /** No verified progress for this long with messages outstanding breaks the connection. */
  stallMs: number;
  signal: AbortSignal;
}

/** Longest sleep between checks (end of sending, stall): bounds how late either is noticed. */
const MAX_TICK_MS = 20;

/**
 * Attaches the workload to one connected socket and runs it until the run ends or the connection breaks. After
 * sending stops it waits up to `stallMs` for the outstanding answers. Never destroys the socket
 * except on a stall (the caller closes it according to the outcome).
 */
export function runConnection(o: ConnectionOptions): Promise<ConnectionEnd> {
  const { socket, workload, clock } = o;
  return new Promise((resolve) => {
    let settled = false;
    let ending = false;
    let graceUntil = Infinity;
    let timer: NodeJS.Timeout | undefined;

    const finish = (end: ConnectionEnd): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      o.signal.removeEventListener('abort', onAbort);
      resolve(end);
    };
    const broken = (error: ErrorKind, what: string): void => {
      const t = clock();
      const quiet = Math.round(t - workload.progressAt());
      finish({ kind: 'broken', error, at: t, detail: `conn ${o.conn} to ${o.peer}: ${what}; ${workload.outstanding()} outstanding, last progress ${quiet} ms before` });
    };
    const settleIfDone = (t: number): boolean => {
      if (workload.complete()) finish({ kind: 'complete' });
      else if (ending && (workload.outstanding() === 0 || t >= graceUntil)) finish({ kind: 'ended' });
      return settled;
    };
    const tick = (): void => {
      if (settled) return;
      const t = clock();
      if (!ending && t >= o.sendUntil) {
        ending = true;
        graceUntil = t + o.stallMs;
      }
      if (workload.outstanding() > 0 && t - workload.progressAt() >= o.stallMs) {
        socket.destroy();
        broken('timeout', `no answer for ${o.stallMs} ms (stall timeout)`);
        return;
      }
      if (!ending) workload.pump(t);
      if (settleIfDone(t)) return;
      const next = ending ? MAX_TICK_MS : Math.min(workload.wakeIn(t), o.sendUntil - t);
      timer = setTimeout(tick, Math.max(1, Math.min(MAX_TICK_MS, next)));
    };
    const onAbort = (): void => finish({ kind: 'aborted' });

    socket.on('data', (chunk: Buffer) => {
      if (settled) return;
      const t = clock();
      workload.onData(chunk, t);
      if (!ending) workload.pump(t);
      settleIfDone(t);
    });
    socket.on('drain', () => {
      if (settled) return;
      workload.drained();
      if (!ending) workload.pump(clock());
    });
    socket.on('end', () => broken('closed', 'the server closed the connection (FIN) in mid-stream'));
    socket.on('error', (err) => broken(classifySocketError(err), describeSocketError(err)));
    socket.on('close', () => broken('other', 'the connection closed without an error or a FIN'));
    workload.attach(o.conn, { write: (data) => socket.write(data) }, clock());
    o.signal.addEventListener('abort', onAbort);
    if (o.signal.aborted) onAbort();
    else tick();
  });
}
