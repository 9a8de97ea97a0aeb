/**
 * The standby's side of the cache transfer: one connection to the witness, one request with a
 * fresh nonce, the entries back (authenticated, echoing that nonce), one ack.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import type { CacheEntry, HeldStream } from '../witness/cache-entry.js';
import { encodeFrame, FrameReader } from './frame.js';

/** Where a witness's cache channel is, and who this node is on it. */
export interface WitnessChannel {
  host: string;
  port: number;
  key: Buffer;
  clusterId: string;
  /** This node's id. */
  from: string;
  /** This node's boot id, 16 lowercase hex digits. */
  bootId: string;
}

export interface FetchCacheOptions extends WitnessChannel {
  /** The node whose connections are wanted. */
  lost: string;
  /** Its service addresses. */
  ips: string[];
  /** What the standby's mirror holds: of those streams the witness sends only the rest. */
  have?: HeldStream[];
  /** For the whole exchange, connect included. */
  timeoutMs: number;
  /**
   * A connection to the witness opened ahead (see WarmConnection), open or still opening, with
   * nothing sent on it yet: used instead of connecting. Without it, or destroyed, a new one is made.
   */
  socket?: Socket;
}

export interface FetchedCache {
  entries: CacheEntry[];
  /** Sum of the entries' clientBytes. */
  bytes: number;
  /** From connecting to the ack being written, fractional ms. */
  ms: number;
  /** From connecting to connected (0 on a connection opened ahead), and to the whole answer read, fractional ms. */
  connectedMs: number;
  answeredMs: number;
  /** Whether a connection opened ahead carried the exchange. */
  warm: boolean;
}

/** Fetches the cache entries of `lost`'s connections from the witness. */
export function fetchCache(opts: FetchCacheOptions): Promise<FetchedCache> {
  const { host, port, key, lost } = opts;
  const where = `witness ${host}:${port}`;
  const nonce = randomBytes(16).toString('hex');
  // Built before connecting: an invalid request is the caller's bug, reported synchronously.
  let request: Buffer;
  try {
    request = encodeFrame({ type: 'request', body: { clusterId: opts.clusterId, from: opts.from, bootId: opts.bootId, nonce, sentAt: Date.now(), lost, ips: opts.ips, ...(opts.have && opts.have.length > 0 ? { have: opts.have } : {}) } }, key);
  } catch (error) {
    return Promise.reject(error);
  }
  const reader = new FrameReader(key);
  const started = performance.now();

  return new Promise((resolve, reject) => {
    let settled = false;
    let received = 0;
    let answered = false; // the entries arrived; the ack is being written
    let connectedMs = NaN;
    const warm = opts.socket !== undefined && !opts.socket.destroyed && (opts.socket.readyState === 'open' || opts.socket.readyState === 'opening');
    const socket = warm ? opts.socket! : connect({ host, port });
    if (!warm) opts.socket?.destroy();
    const done = (error: Error | undefined, result?: FetchedCache): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        socket.destroy();
        reject(error);
      } else {
        socket.end();
        resolve(result!);
      }
    };
    const failed = (why: string, cause?: unknown): void => done(new Error(`cache transfer of ${lost} from ${where} failed: ${why}`, cause === undefined ? undefined : { cause }));
    const timer = setTimeout(() => failed(`no answer within ${opts.timeoutMs} ms (${received} bytes received); is the witness up and reachable?`), opts.timeoutMs);

    socket.setNoDelay(true);
    const send = (open: boolean): void => {
      connectedMs = open ? 0 : performance.now() - started;
      socket.write(request);
    };
    if (socket.readyState === 'open') send(true);
    else socket.once('connect', () => send(false));
    socket.on('data', (chunk: Buffer) => {
      if (settled || answered) return;
      received += chunk.length;
      const result = reader.push(chunk);
      if (!result.ok) {
        const hint = result.reason === 'bad-mac' ? ' (check that both nodes have the same cluster key)' : '';
        return failed(`${result.reason}: ${result.detail}${hint}`);
      }
      const frame = result.frames[0];
      if (!frame) return;
      switch (frame.type) {
        case 'refused':
          return failed(`the witness refused: ${frame.body.reason}`);
        case 'request':
        case 'follow':
        case 'ack':
          return failed(`expected an entries frame, got ${frame.type}`);
        case 'entries': {
          if (frame.body.nonce !== nonce) return failed(`entries answer nonce ${frame.body.nonce}, not this request's ${nonce} (a replayed or misrouted answer)`);
          answered = true;
          const answeredMs = performance.now() - started;
          const { entries } = frame.body;
          const bytes = entries.reduce((sum, e) => sum + e.clientBytes.length, 0);
          socket.write(encodeFrame({ type: 'ack', body: { nonce, received: entries.length, bytes } }, key), (error) => {
            if (error) return failed(`could not send the ack: ${error.message}`, error);
            done(undefined, { entries, bytes, ms: performance.now() - started, connectedMs, answeredMs, warm });
          });
        }
      }
    });
    socket.on('end', () => {
      if (answered) return; // the ack's write callback settles
      const failure = reader.end();
      failed(`the witness closed the connection before answering${failure ? ` (${failure.detail})` : ` (${received} bytes received)`}`);
    });
    socket.on('error', (error) => failed(error.message, error));
    socket.on('close', () => failed(`connection closed before the answer (${received} bytes received)`));
  });
}
