/**
 * The witness's apparatus (DESIGN.md, roles): the selector follows the ownership records (every
 * address ever held in the cluster, on the ports the records serve), tcpdump captures what it
 * selects, the tracker keeps each connection's state and client bytes (the memory), and the
 * cache server hands a failed node's entries to the standby that asks (the output queue).
 */
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import type { MembershipState } from '../membership/state.js';
import { CacheServer } from '../transfer/cache-server.js';
import { cacheEntries } from '../witness/cache-entry.js';
import { Capture, type CaptureCounters } from '../witness/capture.js';
import { FollowCursor } from '../witness/follow.js';
import { isServed, selectorFilter, type ServedAddress } from '../witness/selector.js';
import { TcpTracker } from '../witness/tcp-tracker.js';
import { CACHE_PORT } from './takeover.js';

export interface WitnessCacheOptions {
  ifname: string;
  /** This node's address on `ifname`, and the cluster's multicast group: where the capture markers go. */
  localIp: string;
  group: string;
  key: Buffer;
  clusterId: string;
  members: string[];
  /** Client bytes kept per connection (default: the tracker's 64 MiB). */
  capBytes?: number;
  event: (kind: 'capture-started' | 'capture-stats' | 'cache-sent' | 'cache-follow' | 'connection-unprotected', detail: string) => void;
  log: (line: string) => void;
}

/** How often tcpdump's counters are read (an event when the drops change). */
const STATS_EVERY_MS = 2000;
/**
 * How often the connections are looked over: an unprotected connection is said within this of
 * its first captured segment, so the record shows it before a failure that would reset it.
 */
const LOOK_OVER_EVERY_MS = 100;
/** The port of the capture markers (sent to the cluster group, which nobody reads on it). */
export const MARKER_PORT = CACHE_PORT + 1;
/** How long a request waits for the capture to catch up before it is refused. */
const CATCH_UP_TIMEOUT_MS = 1000;
/** How long a connection that ended (FIN both ways, RST) is kept before its bytes are freed. */
const FORGET_AFTER_MS = 10_000;

export class WitnessCache {
  private selector: ServedAddress[] = [];
  private filter = '';
  private capture: Capture | undefined;
  private changing: Promise<void> = Promise.resolve();
  private readonly tracker: TcpTracker;
  private readonly server: CacheServer;
  private readonly statsTimer: NodeJS.Timeout;
  private readonly lookOverTimer: NodeJS.Timeout;
  private lastDrops = 0;
  private lastCaptured = 0;
  private closed = false;
  /** Connections already reported as not protected, and when ended ones were first seen ended. */
  private readonly reported = new Set<string>();
  private readonly endedAt = new Map<string, number>();
  /** Capture markers sent and not seen yet, by payload (hex). */
  private readonly markers = new Map<string, () => void>();
  private readonly markerSocket = createSocket({ type: 'udp4' });

  constructor(private readonly o: WitnessCacheOptions) {
    this.tracker = new TcpTracker({ isServer: (e) => isServed(this.selector, e), ...(o.capBytes !== undefined ? { capBytes: o.capBytes } : {}) });
    this.server = new CacheServer({
      key: o.key,
      clusterId: o.clusterId,
      members: o.members,
      entries: (ips, have) => cacheEntries(this.tracker, ips, have),
      caughtUp: () => this.caughtUp(),
      // A standby's mirror: what is captured goes on to it as it comes, so a failure ships only the newest bytes.
      follow: (ips, have) => {
        const cursor = new FollowCursor(ips, have);
        return (budget) => cursor.next(this.tracker, budget);
      },
      log: o.log,
      onSent: (s) => o.event('cache-sent', `${s.entries} connection(s) of ${s.lost}, ${s.bytes} client bytes, to ${s.to} in ${s.ms.toFixed(1)} ms (request read ${s.requestMs.toFixed(1)}, capture caught up ${s.caughtUpMs.toFixed(1)}, answer written ${s.answerMs.toFixed(1)}), ${s.acked ? 'acknowledged' : 'NOT acknowledged'}`),
      onFollow: (f) => o.event('cache-follow', f.phase === 'started'
        ? `${f.from} follows ${f.ips.join(', ')}, holding ${f.bytes} client bytes already`
        : `${f.from}'s follow of ${f.ips.join(', ')} ended after ${f.updates} update(s), ${f.bytes} client bytes`),
    });
    this.statsTimer = setInterval(() => void this.reportStats(), STATS_EVERY_MS);
    this.lookOverTimer = setInterval(() => this.lookOver(), LOOK_OVER_EVERY_MS);
  }

  async listen(host: string): Promise<number> {
    const socket = this.markerSocket;
    socket.on('error', (error) => this.o.log(`capture marker socket: ${error.message}`));
    await new Promise<void>((resolve) => socket.bind(0, this.o.localIp, resolve));
    socket.setMulticastInterface(this.o.localIp);
    socket.setMulticastTTL(1);
    socket.setMulticastLoopback(false);
    return this.server.listen(host, CACHE_PORT);
  }

  /**
   * Resolves once the capture has handed over everything the interface saw before this call: a
   * marker datagram sent now leaves through the captured interface, and packets come out of the
   * capture in the order the interface saw them. Or with why not (no capture, or still not caught
   * up after CATCH_UP_TIMEOUT_MS).
   */
  private caughtUp(): Promise<string | undefined> {
    if (!this.capture) return Promise.resolve('no capture is running');
    const nonce = randomBytes(8);
    const key = nonce.toString('hex');
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.markers.delete(key);
        resolve(`the capture did not catch up within ${CATCH_UP_TIMEOUT_MS} ms (its marker never came out of it): what it holds may be stale`);
      }, CATCH_UP_TIMEOUT_MS);
      this.markers.set(key, () => {
        clearTimeout(timer);
        resolve(undefined);
      });
      this.markerSocket.send(nonce, MARKER_PORT, this.o.group, (error) => {
        if (!error) return;
        clearTimeout(timer);
        this.markers.delete(key);
        resolve(`cannot send the capture marker: ${error.message}`);
      });
    });
  }

  private onMarker(payload: Uint8Array): void {
    const key = Buffer.from(payload).toString('hex');
    const seen = this.markers.get(key);
    this.markers.delete(key);
    seen?.();
  }

  /** Follows the records: a new address or port restarts the capture with the wider selector. */
  select(state: MembershipState): void {
    const ports = new Map<string, { from: number; to: number }>();
    for (const peer of state.peers.values()) for (const r of peer.record?.ports ?? []) ports.set(`${r.from}-${r.to}`, r);
    if (ports.size === 0 || state.book.size === 0) return;
    const selector = [...state.book.keys()].sort().map((ip) => ({ ip, ports: [...ports.values()] }));
    const filter = selectorFilter(selector, { ip: this.o.localIp, port: MARKER_PORT });
    if (filter === this.filter) return;
    this.filter = filter;
    this.changing = this.changing.then(() => this.restart(selector, filter)).catch((error: Error) => this.o.log(`capture: ${error.message}`));
  }

  private async restart(selector: ServedAddress[], filter: string): Promise<void> {
    if (this.closed) return;
    // The new capture starts before the old one stops, so no packet falls between them (the
    // tracker ignores the segments both see).
    const old = this.capture;
    const previous = this.selector;
    this.selector = [...previous, ...selector];
    const started = await Capture.start({
      ifname: this.o.ifname,
      filter,
      // 256 MiB of kernel ring: immediate mode uses fixed-size frames sized for the largest packet (a
      // veth hands over GSO packets of up to 64 KiB), so this is 4096 frames, ~160 ms of a closed-loop
      // rpc; the node shares its CPUs with the rest of the testbed, and a late read must not drop.
      bufferKiB: 262144,
      onSegment: (s) => this.tracker.push(s),
      marker: { ip: this.o.localIp, port: MARKER_PORT, onMarker: (p) => this.onMarker(p) },
      onError: (e) => this.o.log(`capture failed: ${e.message}`),
    });
    this.capture = started;
    if (old) await old.stop().catch(() => undefined);
    this.selector = selector;
    this.o.event('capture-started', `tcpdump on ${this.o.ifname}: ${filter}`);
  }

  /**
   * tcpdump's counters with what the witness holds, as an event whenever they moved: a run's
   * record says whether the witness kept up (drops) and what its memory cost.
   */
  private async reportStats(): Promise<void> {
    const capture = this.capture;
    if (!capture) return;
    let c: CaptureCounters;
    try {
      c = await capture.stats();
    } catch {
      return;
    }
    if (c.captured === this.lastCaptured && c.droppedByKernel === this.lastDrops) return;
    const newDrops = c.droppedByKernel > this.lastDrops;
    this.lastCaptured = c.captured;
    this.lastDrops = c.droppedByKernel;
    const conns = this.tracker.connections();
    const held = conns.reduce((n, x) => n + x.clientByteCount, 0);
    const m = process.memoryUsage();
    const mib = (n: number) => (n / 1048576).toFixed(1);
    this.o.event('capture-stats', `${c.captured} captured, ${c.receivedByFilter} received by filter, ${c.droppedByKernel} dropped by kernel${newDrops ? ' (connections may be unrecoverable)' : ''}; holding ${held} client bytes of ${conns.length} connection(s); rss ${mib(m.rss)} MiB, buffers ${mib(m.arrayBuffers)} MiB`);
  }

  /**
   * Says once, per connection, that it is not protected (its handshake was missed, a hole, the
   * memory cap): a failover would lose it. Frees the bytes of connections that ended.
   */
  private lookOver(): void {
    const now = Date.now();
    for (const c of this.tracker.connections()) {
      const why = c.unrecoverable ?? c.unprotected;
      if (why !== undefined && !this.reported.has(c.key)) {
        this.reported.add(c.key);
        this.o.event('connection-unprotected', `${c.key}: ${why}; a failover of ${c.server.ip} would reset it`);
      }
      if (c.phase !== 'closed' && c.phase !== 'reset') continue;
      const ended = this.endedAt.get(c.key);
      if (ended === undefined) this.endedAt.set(c.key, now);
      else if (now - ended >= FORGET_AFTER_MS) {
        this.tracker.forget(c.key);
        this.endedAt.delete(c.key);
        this.reported.delete(c.key);
      }
    }
  }

  /** Bytes of client data held, over all connections (for memory reports). */
  heldBytes(): number {
    return this.tracker.connections().reduce((n, c) => n + c.clientByteCount, 0);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.statsTimer);
    clearInterval(this.lookOverTimer);
    await this.changing;
    await this.capture?.stop().catch(() => undefined);
    this.server.close();
    this.markerSocket.close();
  }
}
