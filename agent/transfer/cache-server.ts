/**
 * The witness's side of the cache transfer: a TCP server that answers one authenticated request
 * per connection with the entries of the failed node's connections, then waits for the standby's
 * ack; or, to an authenticated follow, keeps sending a standby what it captures of the
 * connections it follows (its mirror) until either side closes. Anything else (garbage,
 * forgeries, replays, stale or foreign requests, silence) is logged, answered with a `refused`
 * frame where that still helps, and the connection closed. Memory per connection is bounded by
 * MAX_REQUEST_BODY_BYTES and the connection cap (a follow's by FOLLOW_HIGH_WATER_BYTES);
 * remembered nonces by MAX_NONCES.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { CacheEntry, HeldStream } from '../witness/cache-entry.js';
import type { FollowUpdate } from '../witness/follow.js';
import { DEFAULT_MAX_BODY_BYTES, encodeFrame, encodeFrameParts, FrameReader, HEADER_BYTES, MAC_BYTES, type Refusal, type TransferFrame, type TransferRequest } from './frame.js';

/** The largest request or ack body the witness reads: a request is a few hundred bytes, and ~80 more per connection the standby holds. */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;
/** Follows served at once. */
export const MAX_FOLLOWS = 16;
/** Client bytes in one follow update at most. */
export const FOLLOW_BUDGET_BYTES = 4 * 1024 * 1024;
/** A follower whose socket holds this much unsent is not sent more until it drains (a slow standby costs the witness bounded memory). */
export const FOLLOW_HIGH_WATER_BYTES = 8 * 1024 * 1024;
/** Nonces remembered for replay protection (each for maxSkewMs after its sentAt). */
export const MAX_NONCES = 4096;
/** Connections served at once; more are refused by the kernel's backlog, then by Node. */
export const MAX_CONNECTIONS = 64;
const MAX_REASON_CHARS = 512;

/** A follow's start (with what the standby holds already) and its end (with what it was sent). */
export interface FollowInfo {
  from: string;
  ips: string[];
  phase: 'started' | 'ended';
  /** started: client bytes the standby said it holds; ended: client bytes sent it. */
  bytes: number;
  /** Update frames sent. */
  updates: number;
}

/** What the witness reports after each answered request. */
export interface SentInfo {
  to: string;
  lost: string;
  entries: number;
  /** Sum of the entries' clientBytes. */
  bytes: number;
  acked: boolean;
  /** From accepting the connection to the ack (or to giving up on it), fractional ms. */
  ms: number;
  /** From accepting the connection to the whole request read, to the capture caught up, and to the answer handed to the kernel, fractional ms. */
  requestMs: number;
  caughtUpMs: number;
  answerMs: number;
}

export interface CacheServerOptions {
  key: Buffer;
  clusterId: string;
  /** Node ids allowed to ask. */
  members: string[];
  /** The entries of the connections to `ips`; of those the standby holds a prefix of, the rest. */
  entries: (ips: string[], have: HeldStream[]) => CacheEntry[];
  /**
   * Resolves once everything captured before the call is in the cache (the capture may lag on a
   * starved CPU), or with why it cannot be: the request is then refused rather than answered with
   * stale state, which would rebuild a connection wrong. Without it, requests are answered at once.
   */
  caughtUp?: () => Promise<string | undefined>;
  /** Starts a follow of `ips`: each call of the result gives what was captured since (at most `budget` client bytes). Without it, follows are refused. */
  follow?: (ips: string[], have: HeldStream[]) => (budget: number) => FollowUpdate;
  log: (line: string) => void;
  onSent?: (info: SentInfo) => void;
  onFollow?: (info: FollowInfo) => void;
  /** How often a follower is sent what was captured since (default 20 ms). */
  followEveryMs?: number;
  /** How far a request's sentAt may be from this host's clock (default 5000 ms). */
  maxSkewMs?: number;
  /** A connection silent for this long before the entries are written is closed (default 2000 ms). */
  idleTimeoutMs?: number;
  /** How long to wait for the ack once the kernel has all the entries (default 2000 ms). */
  ackTimeoutMs?: number;
  /** The wall clock that sentAt is checked against, ms since the epoch (default Date.now). */
  now?: () => number;
}

/** The witness's cache transfer server. */
export class CacheServer {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  /** nonce → ms after which its request would be refused as stale anyway. Insertion-ordered. */
  readonly #nonces = new Map<string, number>();
  readonly #maxSkewMs: number;
  readonly #idleTimeoutMs: number;
  readonly #ackTimeoutMs: number;
  readonly #now: () => number;
  #follows = 0;

  constructor(private readonly opts: CacheServerOptions) {
    this.#maxSkewMs = opts.maxSkewMs ?? 5000;
    this.#idleTimeoutMs = opts.idleTimeoutMs ?? 2000;
    this.#ackTimeoutMs = opts.ackTimeoutMs ?? 2000;
    this.#now = opts.now ?? Date.now;
    new FrameReader(opts.key); // throws now, not per connection, on a short key
    this.#server = createServer((socket) => this.#serve(socket));
    this.#server.maxConnections = MAX_CONNECTIONS;
    this.#server.on('error', (error) => opts.log(`cache server: ${error.message}`));
  }

  /** Starts listening; resolves with the bound port (useful with port 0). */
  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(new Error(`cache server cannot listen on ${host}:${port}: ${error.message}`, { cause: error }));
      this.#server.once('error', onError);
      this.#server.listen(port, host, () => {
        this.#server.off('error', onError);
        const address = this.#server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : port);
      });
    });
  }

  /** Connections open right now. */
  get connections(): number {
    return this.#sockets.size;
  }

  /** Nonces remembered right now. */
  get nonces(): number {
    return this.#nonces.size;
  }

  /** Stops listening and drops every open connection. */
  close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    return new Promise((resolve) => {
      if (!this.#server.listening) return resolve();
      this.#server.close(() => resolve());
    });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #serve(socket: Socket): void {
    const started = performance.now();
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    const reader = new FrameReader(this.opts.key, MAX_REQUEST_BODY_BYTES);
    type Sending = { request: TransferRequest; entries: number; bytes: number; requestMs: number; caughtUpMs: number; answerMs: number; timer?: NodeJS.Timeout };
    // Before the request: phase 'request'; while the capture catches up: 'catching-up'; after the
    // entries are written: 'ack'; then 'done'. A follow: 'following' until closed.
    let phase: 'request' | 'catching-up' | 'ack' | 'following' | 'done' = 'request';
    let stopFollow: (() => void) | undefined;
    let sending: Sending | undefined;
    let received = 0;
    this.#sockets.add(socket);
    socket.setNoDelay(true);
    socket.setTimeout(this.#idleTimeoutMs);

    const log = (line: string): void => this.opts.log(`cache transfer with ${peer}: ${line}`);
    const refuse = (reason: string, nonce?: string): void => {
      log(`refused: ${reason}`);
      phase = 'done';
      const body: Refusal = { ...(nonce !== undefined ? { nonce } : {}), reason: reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS - 1)}…` : reason };
      socket.end(encodeFrame({ type: 'refused', body }, this.opts.key));
    };
    /** Ends the ack phase (once) and reports it. */
    const settle = (acked: boolean): void => {
      if (phase !== 'ack' || !sending) return;
      phase = 'done';
      clearTimeout(sending.timer);
      const { request, entries, bytes, requestMs, caughtUpMs, answerMs } = sending;
      const ms = performance.now() - started;
      log(`${acked ? 'sent' : 'sent, without an ack,'} ${entries} entries (${bytes} client bytes) of ${request.lost} to ${request.from} in ${ms} ms`);
      try {
        this.opts.onSent?.({ to: request.from, lost: request.lost, entries, bytes, acked, ms, requestMs, caughtUpMs, answerMs });
      } catch (error) {
        log(`onSent failed: ${(error as Error).message}`);
      }
    };
    const answer = (frame: TransferFrame): void => {
      if (frame.type !== 'request' && frame.type !== 'follow') return refuse(`expected a request or follow frame, got ${frame.type}`);
      const request = frame.body;
      const problem = this.#requestProblem(request);
      if (problem) return refuse(problem, request.nonce);
      if (frame.type === 'follow') {
        if (!this.opts.follow) return refuse('this witness does not serve follows', request.nonce);
        if (this.#follows >= MAX_FOLLOWS) return refuse(`${MAX_FOLLOWS} follows are served already`, request.nonce);
        let next: (budget: number) => FollowUpdate;
        try {
          next = this.opts.follow(request.ips, request.have ?? []);
        } catch (error) {
          return refuse(`witness cannot start the follow: ${(error as Error).message}`, request.nonce);
        }
        phase = 'following';
        stopFollow = this.#follow(socket, request, next, log);
        return;
      }
      const requestMs = performance.now() - started;
      if (!this.opts.caughtUp) return reply(request, requestMs, requestMs);
      phase = 'catching-up';
      void this.opts.caughtUp().then((problem) => problem, (error: Error) => error.message).then((problem) => {
        if (phase !== 'catching-up') return; // the standby went away meanwhile
        if (problem) return refuse(`witness cannot answer: ${problem}`, request.nonce);
        reply(request, requestMs, performance.now() - started);
      });
    };
    /** Writes the entries of `request`, then waits for the ack. */
    const reply = (request: TransferRequest, requestMs: number, caughtUpMs: number): void => {
      let entries: CacheEntry[];
      let out: Uint8Array[];
      try {
        entries = this.opts.entries(request.ips, request.have ?? []);
        out = encodeFrameParts({ type: 'entries', body: { nonce: request.nonce, entries } }, this.opts.key);
      } catch (error) {
        return refuse(`witness cannot provide the entries: ${(error as Error).message}`, request.nonce);
      }
      const body = out.reduce((n, part) => n + part.length, 0) - HEADER_BYTES - MAC_BYTES;
      if (body > DEFAULT_MAX_BODY_BYTES) return refuse(`the entries of ${request.lost} make a ${body}-byte frame body; a standby reads at most ${DEFAULT_MAX_BODY_BYTES}`, request.nonce);
      const current: Sending = { request, entries: entries.length, bytes: entries.reduce((sum, e) => sum + e.clientBytes.length, 0), requestMs, caughtUpMs, answerMs: NaN };
      sending = current;
      phase = 'ack';
      // Node's idle timer does not fire while a write progresses, however slowly.
      writeParts(socket, out, (error) => {
        current.answerMs = performance.now() - started;
        if (error || phase !== 'ack') return; // the socket's error or close handler reports it
        // From here the ack timer alone applies: the standby may still be reading what the
        // kernels buffer (MiBs) and so be silent for longer than the idle timeout.
        socket.setTimeout(0);
        current.timer = setTimeout(() => {
          log(`no ack within ${this.#ackTimeoutMs} ms; closing`);
          settle(false);
          socket.destroy();
        }, this.#ackTimeoutMs);
      });
    };

    socket.on('data', (chunk: Buffer) => {
      if (phase === 'done') return;
      received += chunk.length;
      const result = reader.push(chunk);
      if (!result.ok) {
        if (phase === 'request') return refuse(`${result.reason}: ${result.detail}`);
        if (phase === 'following' || phase === 'catching-up') {
          log(`${result.reason} ${phase === 'following' ? 'during a follow' : 'before the answer'}: ${result.detail}; closing`);
          phase = 'done';
          return void socket.destroy();
        }
        log(`bad ack: ${result.reason}: ${result.detail}`);
        settle(false);
        return void socket.destroy();
      }
      for (const frame of result.frames) {
        if (phase === 'following' || phase === 'catching-up') {
          log(`a ${frame.type} frame ${phase === 'following' ? 'during a follow' : 'before the answer'}; closing`);
          phase = 'done';
          return void socket.destroy();
        }
        if (phase === 'request') answer(frame);
        else if (phase === 'ack' && sending) {
          const problem = ackProblem(frame, sending);
          if (problem) log(`bad ack: ${problem}`);
          settle(problem === undefined);
          socket.end();
        }
      }
    });
    socket.on('end', () => {
      if (phase === 'following') {
        phase = 'done';
        socket.end();
      } else if (phase === 'request') {
        const failure = reader.end();
        // Closed having sent nothing: a standby's connection opened ahead of a failure that did not come.
        if (received > 0) log(`client closed before a complete request${failure ? ` (${failure.detail})` : ''}`);
        phase = 'done';
      } else if (phase === 'catching-up') {
        log('client closed before the answer');
        phase = 'done';
      } else if (phase === 'ack') {
        const failure = reader.end();
        log(`client closed without an ack${failure ? ` (${failure.reason}: ${failure.detail})` : ''}`);
        settle(false);
      }
    });
    socket.on('timeout', () => {
      if (phase === 'request') log(`no complete request after ${this.#idleTimeoutMs} ms of silence (${reader.pending} bytes buffered); closing`);
      else if (phase === 'ack') log(`silent for ${this.#idleTimeoutMs} ms while sending entries or waiting for the ack; closing`);
      settle(false);
      phase = 'done';
      socket.destroy();
    });
    socket.on('error', (error) => log(`socket error: ${error.message}`));
    socket.on('close', () => {
      settle(false);
      stopFollow?.();
      phase = 'done';
      this.#sockets.delete(socket);
    });
  }

  /**
   * Sends the follower what `next` gives, every followEveryMs while its socket keeps up, as
   * entries frames numbered from 1 and echoing its nonce. Returns the stop (called once, on close).
   */
  #follow(socket: Socket, request: TransferRequest, next: (budget: number) => FollowUpdate, log: (line: string) => void): () => void {
    const { from, ips, nonce } = request;
    const info = (phase: FollowInfo['phase'], bytes: number): void => {
      try {
        this.opts.onFollow?.({ from, ips, phase, bytes, updates: seq });
      } catch (error) {
        log(`onFollow failed: ${(error as Error).message}`);
      }
    };
    let seq = 0;
    let sent = 0;
    this.#follows++;
    // Silence is normal now (nothing captured); a dead standby is found by keepalive or a failed write.
    socket.setTimeout(0);
    socket.setKeepAlive(true, 1000);
    info('started', (request.have ?? []).reduce((n, h) => n + h.bytes, 0));
    log(`following ${ips.join(', ')} for ${from}`);
    // The first update is sent even if empty: it tells the standby the follow was accepted. An
    // update stops at the end of a block of the tracker's (see FollowCursor), so a tick sends
    // updates until the budget is spent or nothing is left.
    const tick = (first = false): void => {
      for (let budget = FOLLOW_BUDGET_BYTES; budget > 0;) {
        if (socket.writableLength >= FOLLOW_HIGH_WATER_BYTES || socket.destroyed) return;
        let frame: Uint8Array[];
        let bytes: number;
        try {
          const update = next(budget);
          if (!first && update.entries.length === 0 && update.gone.length === 0) return;
          frame = encodeFrameParts({ type: 'entries', body: { nonce, seq: seq + 1, entries: update.entries, ...(update.gone.length > 0 ? { gone: update.gone } : {}) } }, this.opts.key);
          bytes = update.bytes;
        } catch (error) {
          log(`follow update failed: ${(error as Error).message}; closing`);
          return void socket.destroy();
        }
        seq++;
        sent += bytes;
        writeParts(socket, frame);
        if (bytes === 0) return;
        budget -= bytes;
        first = false;
      }
    };
    const timer = setInterval(tick, this.opts.followEveryMs ?? 20);
    tick(true);
    return () => {
      clearInterval(timer);
      this.#follows--;
      log(`follow of ${ips.join(', ')} for ${from} ended: ${seq} updates, ${sent} client bytes`);
      info('ended', sent);
    };
  }

  /** Why a well-formed, authentic request must be refused, or undefined to answer it. */
  #requestProblem(r: TransferRequest): string | undefined {
    if (r.clusterId !== this.opts.clusterId) return `request is for cluster "${r.clusterId}"; this witness serves "${this.opts.clusterId}"`;
    if (!this.opts.members.includes(r.from)) return `"${r.from}" is not a member of cluster "${this.opts.clusterId}" (members: ${this.opts.members.join(', ')})`;
    const now = this.#now();
    const skew = r.sentAt - now;
    if (Math.abs(skew) > this.#maxSkewMs) return `request from ${r.from} has sentAt ${skew > 0 ? `${skew} ms ahead of` : `${-skew} ms behind`} the witness clock; at most ${this.#maxSkewMs} ms allowed (stale or replayed request, or unsynchronised clocks)`;
    this.#forgetExpiredNonces(now);
    if (this.#nonces.has(r.nonce)) return `request from ${r.from} reuses nonce ${r.nonce} (a replay)`;
    if (this.#nonces.size >= MAX_NONCES) return `${MAX_NONCES} requests within ${this.#maxSkewMs} ms; try again shortly`;
    this.#nonces.set(r.nonce, r.sentAt + this.#maxSkewMs);
    return undefined;
  }

  #forgetExpiredNonces(now: number): void {
    // Expiry is roughly insertion order; one late entry only delays forgetting the ones behind it.
    for (const [nonce, until] of this.#nonces) {
      if (until >= now) break;
      this.#nonces.delete(nonce);
    }
  }
}

/** A frame's parts in one writev; `done` is called once the last is written (or the write failed). */
function writeParts(socket: Socket, parts: Uint8Array[], done?: (error?: Error | null) => void): void {
  socket.cork();
  parts.forEach((part, i) => socket.write(part, i === parts.length - 1 ? done : undefined));
  socket.uncork();
}

function ackProblem(frame: TransferFrame, sent: { request: TransferRequest; entries: number; bytes: number }): string | undefined {
  if (frame.type !== 'ack') return `expected an ack frame, got ${frame.type}`;
  const ack = frame.body;
  const { entries, bytes } = sent;
  const { nonce } = sent.request;
  if (ack.nonce !== nonce) return `ack carries nonce ${ack.nonce}, not the request's ${nonce}`;
  if (ack.received !== entries || ack.bytes !== bytes) return `ack reports ${ack.received} entries and ${ack.bytes} bytes; ${entries} and ${bytes} were sent`;
  return undefined;
}
