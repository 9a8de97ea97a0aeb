/**
 * The standby's side of a TCP takeover, around the state machine's prepare/restore actions:
 * beforehand, follow each witness's cache into a mirror; at the failure, lock the service port,
 * fetch what the mirror lacks of the failed node's connections, and once the
 * VIP is up rebuild each one (TCP repair), replay the client's bytes into a fresh application
 * instance, hand the socket to the service, unlock. Every phase is an event; a connection that
 * cannot be rebuilt exactly is reported and left alone (the client gets a clean reset from the
 * kernel when it next sends), never restored wrong.
 */
import net, { type Socket } from 'node:net';
import type { AddressRef } from '../protocol/record.js';
import type { App } from '../service/app.js';
import type { RunningServer } from '../service/server.js';
import { planRestoration } from '../takeover/plan.js';
import { Mirror } from '../takeover/mirror.js';
import { loadRepair, probe, restoreSocket } from '../takeover/repair.js';
import { replayInto } from '../takeover/replay.js';
import { fetchCache, type FetchedCache, type WitnessChannel } from '../transfer/cache-client.js';
import { CacheFollow } from '../transfer/cache-follow.js';
import { WarmConnection } from '../transfer/warm-connection.js';
import { PortLock } from './port-lock.js';
import { wallNow } from './wall-clock.js';
import type { CacheEntry, HeldStream } from '../witness/cache-entry.js';

/** TCP port of the witness's cache channel, on its cluster LAN address. */
export const CACHE_PORT = 7708;
const FETCH_TIMEOUT_MS = 1500;
/** An unused connection opened ahead is replaced after this long: the witness closes one silent for 2 s. */
const WARM_MAX_AGE_MS = 1500;
/**
 * A migration starts the moment the releasing node has frozen its connections: the last segments
 * it sent are on the wire but may not have reached the witness's tracker yet (capture pipe). The
 * fetch waits this long so that the cache holds them.
 */
const MIGRATION_QUIESCE_MS = 20;

export interface TakeoverDeps {
  key: Buffer;
  clusterId: string;
  self: string;
  bootId: string;
  port: number;
  service: () => RunningServer | undefined;
  /** Addresses of the witnesses heard, by node id. */
  witnesses: () => Map<string, string>;
  /** Whether to follow the witnesses' caches into a mirror (false: fetch whole streams at a failure). */
  mirror: boolean;
  /** `at`: when it happened, host clock in ms (default: now). */
  event: (kind: 'locked' | 'cache-received' | 'restored' | 'restore-failed' | 'restore-skipped' | 'unlocked' | 'first-byte' | 'cache-probe' | 'cache-follow', detail: string, at?: number) => void;
  log: (line: string) => void;
}

/** A witness's cache as this node mirrors it. */
interface Followed {
  host: string;
  mirror: Mirror;
  follow?: CacheFollow;
}

export class Takeover {
  private readonly lock: PortLock;
  /** The cache of the takeover under way (prepare starts it, restore uses it). */
  private fetching: Promise<CacheEntry[]> = Promise.resolve([]);
  /** By witness id. */
  private readonly followed = new Map<string, Followed>();
  /** The addresses other nodes hold: their connections are mirrored. */
  private followIps: string[] = [];
  /** While a peer is suspected: a connection to each witness, by id, opened ahead for the fetch. */
  private readonly warm = new Map<string, WarmConnection>();
  private closed = false;

  constructor(private readonly d: TakeoverDeps) {
    // Everything a takeover needs is made ready now, off its critical path: the lock (armed for
    // the addresses other nodes hold, see follow), and koffi's binding of libc.
    this.lock = new PortLock(d.port, d.log);
    try {
      loadRepair();
    } catch (error) {
      d.log(`TCP repair unavailable: ${(error as Error).message}`);
    }
  }

  /**
   * Checks the cache channel to a witness before it is needed (address, port, cluster key) with a
   * request for no addresses, and warms both ends' code paths so that the real fetch is fast.
   */
  async probe(id: string, host: string): Promise<void> {
    const { d } = this;
    const started = performance.now();
    try {
      await fetchCache({ ...this.channel(host), lost: id, ips: [], timeoutMs: FETCH_TIMEOUT_MS });
      d.event('cache-probe', `cache channel to witness ${id} (${host}:${CACHE_PORT}) answers, ${(performance.now() - started).toFixed(1)} ms`);
    } catch (error) {
      d.event('cache-probe', `cache channel to witness ${id} (${host}:${CACHE_PORT}) FAILED: ${(error as Error).message}; a failover could not carry connections`);
    }
  }

  /**
   * Mirrors the connections to `ips` (the addresses other nodes hold) from every witness known,
   * starting each follow again when they change.
   */
  follow(ips: string[]): void {
    this.lock.arm(ips);
    if (!this.d.mirror) return;
    const sorted = [...new Set(ips)].sort();
    if (sorted.join() === this.followIps.join()) return;
    this.followIps = sorted;
    for (const [id, f] of this.followed) this.refollow(id, f);
  }

  /**
   * Whether a peer whose connections this node would take over is suspected. While one is, a
   * connection to each witness heard is kept open, so that the fetch does not wait for a TCP
   * handshake (several ms on a loaded host) once the failure is decided. They are not closed when
   * the suspicion ends (the decision's fetch takes them after that, its action queued behind the
   * step that decided): each closes on its own once `WARM_MAX_AGE_MS` old.
   */
  suspecting(on: boolean): void {
    if (!on || this.closed) return;
    const now = performance.now();
    for (const [id, host] of this.d.witnesses()) {
      let w = this.warm.get(id);
      if (!w) {
        w = new WarmConnection({ host, port: CACHE_PORT, maxAgeMs: WARM_MAX_AGE_MS, log: this.d.log });
        this.warm.set(id, w);
      }
      w.keep(now);
    }
  }

  /** A witness is heard at `host` (first, or at a new address): its cache is followed there. */
  witnessAt(id: string, host: string): void {
    const f = this.followed.get(id) ?? { host, mirror: new Mirror() };
    f.host = host;
    this.followed.set(id, f);
    this.warm.get(id)?.discard();
    this.warm.delete(id);
    this.refollow(id, f);
  }

  private refollow(id: string, f: Followed): void {
    const { d } = this;
    f.follow?.close();
    f.follow = undefined;
    // The mirror is kept: a takeover decided at this very moment (the addresses just became this
    // node's) still fetches against it; the next follow tells what to drop (`gone`).
    if (this.closed || this.followIps.length === 0) return;
    f.follow = new CacheFollow({
      ...this.channel(f.host), ips: this.followIps, mirror: f.mirror,
      onChange: (_state, detail) => d.event('cache-follow', `witness ${id}: ${detail}`),
      log: (line) => d.log(line),
    });
  }

  /** The cache channel of the witness at `host`, as this node. */
  private channel(host: string): WitnessChannel {
    const { d } = this;
    return { host, port: CACHE_PORT, key: d.key, clusterId: d.clusterId, from: d.self, bootId: d.bootId };
  }

  /**
   * Locks, and starts fetching the cache from the first witness that answers. Returns once locked:
   * the address can go up and be announced while the fetch runs (the lock drops what the client
   * sends meanwhile, as the failed node would have); `restore` waits for the fetch.
   */
  async prepare(from: string, addresses: AddressRef[], migration = false): Promise<void> {
    const { d } = this;
    const ips = addresses.map((a) => a.ip);
    // Armed already, as a rule, since the addresses became another node's (follow).
    const locked = this.lock.lock(ips);
    this.fetching = (migration ? new Promise((r) => setTimeout(r, MIGRATION_QUIESCE_MS)) : Promise.resolve()).then(() => this.fetch(from, ips));
    const lock = await locked;
    if (lock.ok) {
      d.event('locked', `inbound TCP to ${ips.map((ip) => `${ip}:${d.port}`).join(', ')} dropped until the connections are rebuilt`);
      return;
    }
    // Unlocked, the address must not go up before the sockets can be rebuilt: the kernel would
    // answer the client with RST. Waiting for the cache at least shortens that window.
    d.log(`lock failed: ${lock.error}`);
    await this.fetching;
  }

  private async fetch(from: string, ips: string[]): Promise<CacheEntry[]> {
    const { d } = this;
    const witnesses = [...d.witnesses()];
    if (witnesses.length === 0) {
      d.event('restore-failed', `no witness is heard, so no cache: ${from}'s connections cannot be rebuilt`);
      return [];
    }
    const started = performance.now();
    try {
      const got = await Promise.any(witnesses.map(async ([id, host]) => ({ id, ...(await this.fetchFrom(id, host, from, ips)) })));
      const restorable = got.entries.filter((e) => e.unrecoverable === undefined && e.unprotected === undefined).length;
      d.event('cache-received', `${got.entries.length} connection(s) of ${from} from witness ${got.id} (${restorable} restorable), ${got.bytes} bytes in ${(performance.now() - started).toFixed(1)} ms (${got.warm ? 'on a connection opened ahead' : `connected ${got.connectedMs.toFixed(1)}`}, answered ${got.answeredMs.toFixed(1)}), ${got.mirrored} more from the mirror`);
      return got.entries;
    } catch (error) {
      const reasons = error instanceof AggregateError ? error.errors.map((e: Error) => e.message).join('; ') : (error as Error).message;
      d.event('restore-failed', `no cache from any witness (${reasons}): ${from}'s connections cannot be rebuilt`);
      return [];
    }
  }

  /**
   * The entries of `from`'s connections from one witness: what this node's mirror of its cache
   * lacks, completed from the mirror. Should the mirror not fit (a follow broken at a bad moment),
   * the whole streams are fetched again.
   */
  private async fetchFrom(id: string, host: string, from: string, ips: string[]): Promise<FetchedCache & { mirrored: number }> {
    const { d } = this;
    const mirror = this.followed.get(id)?.mirror;
    const ask = (have: HeldStream[], socket?: Socket) => fetchCache({ ...this.channel(host), lost: from, ips, have, timeoutMs: FETCH_TIMEOUT_MS, ...(socket ? { socket } : {}) });
    const got = await ask(mirror?.held() ?? [], this.warm.get(id)?.take());
    if (!mirror) return { ...got, mirrored: 0 };
    const entries: CacheEntry[] = [];
    let mirrored = 0;
    for (const e of got.entries) {
      const c = mirror.complete(e);
      if (!c.ok) {
        d.log(`the mirror of witness ${id} does not fit its answer (${c.reason}); fetching the whole streams`);
        return { ...(await ask([])), mirrored: 0 };
      }
      entries.push(c.entry);
      mirrored += c.mirrored;
    }
    // These connections are this node's now: no mirror needs them.
    for (const f of this.followed.values()) f.mirror.drop(entries.map((e) => e.key));
    return { ...got, entries, mirrored };
  }

  /**
   * Rebuilds every cached connection on `addresses`, then unlocks, and only then lets them speak:
   * each rebuilt socket stays silent (no window probe) while the lock would drop the client's
   * answers, then probes and sends what the replay owes the client.
   */
  async restore(from: string, addresses: AddressRef[]): Promise<void> {
    const { d } = this;
    const ips = new Set(addresses.map((a) => a.ip));
    // Connections that ended before the failure (FIN both ways, RST) are not restored (the witness does not send them).
    const entries = (await this.fetching).filter((e) => ips.has(e.server.ip) && e.phase !== 'closed' && e.phase !== 'reset');
    this.fetching = Promise.resolve([]);
    const began = performance.now();
    const service = d.service();
    // Replays run side by side: an application run as another program answers asynchronously.
    // Whatever goes wrong, the lock is lifted below: a lock left in place would drop every client.
    const replays = await Promise.all(entries.map(async (entry) => {
      const r = planRestoration(entry, Date.now());
      if (!r.ok) return { entry, failed: r.reason, ...(r.skip ? { skip: true } : {}) };
      if (!service) return { entry, failed: 'this node serves no application' };
      const app = service.newApp();
      const replayed = await replayInto(app, r.replay, r.skipOutput, entry.serverTail).catch((error: Error) => ({ ok: false as const, reason: `replay failed: ${error.message}` }));
      if (!replayed.ok) {
        app.later?.destroy();
        return { entry, failed: replayed.reason };
      }
      return { entry, r, app, replayed };
    }));
    const replayedAt = performance.now();
    const rebuilt: { key: string; fd: number; app: App; pending: Buffer[]; detail: string }[] = [];
    for (const x of replays) {
      const { entry } = x;
      if ('failed' in x) {
        d.event('skip' in x ? 'restore-skipped' : 'restore-failed', `${entry.key}: ${x.failed}`);
        continue;
      }
      const { r, app, replayed } = x;
      try {
        const fd = restoreSocket(r.plan, false);
        const owed = replayed.pending.reduce((n, b) => n + b.length, 0);
        const detail = `${entry.key}: send seq ${r.plan.sendSeq}, receive seq ${r.plan.recvSeq}, replayed ${r.replay.length} client bytes, ${replayed.produced} regenerated (${replayed.compared} checked against the primary's output), ${r.skipOutput} already acknowledged, ${owed} owed`;
        rebuilt.push({ key: entry.key, fd, app, pending: replayed.pending, detail });
      } catch (error) {
        app.later?.destroy();
        d.event('restore-failed', `${entry.key}: ${(error as Error).message}`);
      }
    }
    const rebuiltAt = performance.now();
    const unlock = this.lock.unlock([...ips]);
    const unlockedAt = wallNow();
    const took = `replay ${(replayedAt - began).toFixed(1)} ms, rebuild ${(rebuiltAt - replayedAt).toFixed(1)} ms, unlock ${(performance.now() - rebuiltAt).toFixed(1)} ms`;
    // The connections speak first; the events (a file write and a log line each) follow, stamped
    // with the instants they record.
    const stamped: { kind: 'restored' | 'first-byte'; detail: string; at: number }[] = [];
    let firstByte = false;
    for (const c of rebuilt) {
      try {
        probe(c.fd);
      } catch (error) {
        d.log(`${c.key}: ${(error as Error).message}`);
      }
      const socket = new net.Socket({ fd: c.fd, readable: true, writable: true, allowHalfOpen: true });
      const owed = c.pending.reduce((n, b) => n + b.length, 0);
      if (!firstByte && owed === 0) socket.once('data', () => {
        if (firstByte) return;
        firstByte = true;
        const at = wallNow();
        // After the service's own handler has answered.
        setImmediate(() => d.event('first-byte', `${c.key}: answering the client's first bytes after the takeover`, at));
      });
      service!.adopt(socket, c.app, c.pending);
      stamped.push({ kind: 'restored', detail: c.detail, at: wallNow() });
      if (!firstByte && owed > 0) {
        firstByte = true;
        stamped.push({ kind: 'first-byte', detail: `${c.key}: ${owed} bytes owed to the client sent`, at: wallNow() });
      }
    }
    for (const e of stamped) d.event(e.kind, e.detail, e.at);
    const dropped = await unlock.dropped;
    d.event('unlocked', `${rebuilt.length} of ${entries.length} connection(s) of ${from} rebuilt; ${dropped} client segments were dropped while locked${unlock.ok ? '' : `; UNLOCK FAILED: ${unlock.error}`} (${took})`, unlockedAt);
  }

  /** This node is about to put `ip` up: unlocked first, unless a takeover of it holds the lock. */
  addressUp(ip: string): void {
    return this.lock.addressUp(ip);
  }

  /** `ip` has left this node (see PortLock.released). */
  released(): void {
    this.lock.released();
  }

  close(): Promise<void> {
    this.closed = true;
    for (const f of this.followed.values()) f.follow?.close();
    for (const w of this.warm.values()) w.discard();
    return this.lock.close();
  }
}
