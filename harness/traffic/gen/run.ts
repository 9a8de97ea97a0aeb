import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { sendingEndsAt, type GeneratorConfig } from './config.js';
import { runConnection } from './connection.js';
import { createWorkload } from './create-workload.js';
import { dial } from './dial.js';
import type { Recorder } from './recorder.js';
import type { Lost } from './workload.js';

/** The pause between connection attempts while reconnecting (and before the first retry). */
export const RETRY_EVERY_MS = 50;
/** How long a finished connection may take to close after our FIN before it is destroyed. */
const CLOSE_WAIT_MS = 500;

/**
 * One generator from start to `done`: waits for `startAt`, connects, runs the workload, and on a
 * break either reconnects (continuing the sequence; what was outstanding is recorded lost) or,
 * without `reconnect`, idles until the end time so every run lasts as long.
 */
export async function runGenerator(cfg: GeneratorConfig, rec: Recorder, clock: () => number, signal: AbortSignal): Promise<void> {
  const spec = cfg.spec;
  const sendUntil = sendingEndsAt(cfg);
  const workload = createWorkload(cfg, rec);
  const peer = `${cfg.host}:${cfg.port}`;
  await sleepUntil(cfg.startAt, clock, signal);

  let conn = 0;
  let brokeAt: number | undefined;
  let failed = false;
  for (;;) {
    // Bulk without an end time still stops reconnecting one stall timeout after the break.
    const deadline = Number.isFinite(sendUntil) || brokeAt === undefined ? sendUntil : brokeAt + spec.stallTimeoutMs;
    // The first retry waits one interval too: a dying server's kernel can still complete a
    // handshake on its closing listener and reset it a moment later.
    if (brokeAt !== undefined) await sleepUntil(brokeAt + RETRY_EVERY_MS, clock, signal);
    const socket = await connect(cfg, conn + 1, deadline, rec, clock, signal);
    if (socket === undefined) {
      failed = !signal.aborted;
      break;
    }
    conn++;
    if (brokeAt !== undefined) rec.reconnect(conn, clock() - brokeAt);
    const end = await runConnection({ socket, conn, peer, workload, clock, sendUntil, stallMs: spec.stallTimeoutMs, signal });
    if (end.kind === 'aborted') {
      workload.detach();
      socket.destroy();
      break;
    }
    if (end.kind === 'ended' || end.kind === 'complete') {
      const lost = workload.detach();
      if (lost) rec.error(conn, 'timeout', `conn ${conn} to ${peer}: ${lost.count} still unanswered ${spec.stallTimeoutMs} ms after sending stopped`, lost.firstSeq);
      recordLost(rec, conn, lost, 'when the run ended');
      await closeGracefully(socket);
      break;
    }
    socket.destroy();
    rec.error(conn, end.error, end.detail);
    recordLost(rec, conn, workload.detach(), 'when it broke');
    brokeAt = end.at;
    if (!spec.reconnect || clock() >= sendUntil || signal.aborted) {
      failed = !signal.aborted;
      break;
    }
  }
  // Without reconnect, a broken generator stays until its end time: every run lasts as long.
  if (failed && Number.isFinite(sendUntil)) await sleepUntil(sendUntil, clock, signal);
  await rec.done();
}

/** Connects, retrying every 50 ms until `deadline` when `reconnect` is on; records the first failure only. */
async function connect(cfg: GeneratorConfig, conn: number, deadline: number, rec: Recorder, clock: () => number, signal: AbortSignal): Promise<Socket | undefined> {
  const retry = cfg.spec.reconnect;
  let reported = false;
  while (!signal.aborted) {
    const r = await dial({ host: cfg.host, port: cfg.port, timeoutMs: cfg.spec.connectTimeoutMs, noDelay: cfg.spec.kind !== 'bulk', clock });
    if (r.ok) {
      if (signal.aborted) {
        r.socket.destroy();
        return undefined;
      }
      rec.connect(conn, r.ms);
      return r.socket;
    }
    if (!reported) rec.error(conn, r.error, retry ? `${r.detail}; retrying every ${RETRY_EVERY_MS} ms (further failures not recorded)` : r.detail);
    reported = true;
    if (!retry || clock() + RETRY_EVERY_MS >= deadline) return undefined;
    await sleep(RETRY_EVERY_MS, undefined, { signal }).catch(() => undefined);
  }
  return undefined;
}

/** Records the messages that went down with a connection as one `gap` error. */
function recordLost(rec: Recorder, conn: number, lost: Lost | undefined, when: string): void {
  if (!lost) return;
  const range = lost.count === 1 ? `seq ${lost.firstSeq}` : `seq ${lost.firstSeq}–${lost.lastSeq}`;
  rec.error(conn, 'gap', `${lost.count} outstanding on conn ${conn} ${when} (${range}): lost, not resent`, lost.firstSeq);
}

async function closeGracefully(socket: Socket): Promise<void> {
  if (socket.destroyed) return;
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.resume();
  socket.end();
  await Promise.race([closed, sleep(CLOSE_WAIT_MS)]);
  socket.destroy();
}

async function sleepUntil(t: number, clock: () => number, signal: AbortSignal): Promise<void> {
  const wait = t - clock();
  if (wait > 0) await sleep(wait, undefined, { signal }).catch(() => undefined);
}
