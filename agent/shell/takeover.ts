/**
 * The standby's side of a TCP takeover, around the state machine's prepare/restore actions:
 * beforehand, follow each witness's cache into a mirror; at the failure, lock the service port,
 * fetch what the mirror lacks of the failed node's connections, and once the
 * VIP is up rebuild each one (TCP repair), replay the client's bytes into a fresh application
 * instance, hand the socket to the service, unlock. Every phase is an event; a connection that
 * cannot be rebuilt exactly is reported and left alone (the client gets a clean reset from the
 * kernel when it next sends), never restored wrong.
 */
import net from 'node:net';
import { NftSession } from '../../harness/host/nft-session.js';
import type { AddressRef } from '../protocol/record.js';
import type { App } from '../service/app.js';
import type { RunningServer } from '../service/server.js';
import { planRestoration } from '../takeover/plan.js';
import { Mirror } from '../takeover/mirror.js';
import { loadRepair, probe, restoreSocket } from '../takeover/repair.js';
import { replayInto } from '../takeover/replay.js';
import { fetchCache, type FetchedCache, type WitnessChannel } from '../transfer/cache-client.js';
import { CacheFollow } from '../transfer/cache-follow.js';
import type { CacheEntry } from '../witness/cache-entry.js';

export const LOCK_TABLE = 'ip hatcp_lock';
const LOCK_CHAIN = `${LOCK_TABLE} input`;
/** TCP port of the witness's cache channel, on its cluster LAN address. */
export const CACHE_PORT = 7708;
const FETCH_TIMEOUT_MS = 1500;
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
  event: (kind: 'locked' | 'cache-received' | 'restored' | 'restore-failed' | 'restore-skipped' | 'unlocked' | 'first-byte' | 'cache-probe' | 'cache-follow', detail: string) => void;
  log: (line: string) => void;
}

/** Counts `counter packets N … drop` in a listing of the lock chain. */
function lockDrops(listing: string): number {
  let n = 0;
  for (const m of listing.matchAll(/counter packets (\d+) bytes \d+ drop/g)) n += Number(m[1]);
  return n;
}

/** A witness's cache as this node mirrors it. */
interface Followed {
  host: string;
  mirror: Mirror;
  follow?: CacheFollow;
}

export class Takeover {
  private readonly nft = new NftSession();
  private entries: CacheEntry[] = [];
  /** By witness id. */
  private readonly followed = new Map<string, Followed>();
  /** The addresses other nodes hold: their connections are mirrored. */
  private followIps: string[] = [];
  private closed = false;

  /** Whether the lock's table and chain exist (made at boot, empty: the takeover then only adds its rules). */
  private readonly ready: Promise<boolean>;

  constructor(private readonly d: TakeoverDeps) {
    // Everything a takeover needs is made ready now, off its critical path: nft's first
    // transaction in a fresh session costs tens of ms, and koffi binds libc on first use.
    this.ready = this.nft.apply([`add table ${LOCK_TABLE}`, `add chain ${LOCK_CHAIN} { type filter hook input priority -300; policy accept; }`], LOCK_TABLE).then((r) => {
      if (!r.ok) d.log(`cannot prepare the lock table: ${r.error}`);
      return r.ok;
    });
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
    if (!this.d.mirror) return;
    const sorted = [...new Set(ips)].sort();
    if (sorted.join() === this.followIps.join()) return;
    this.followIps = sorted;
    for (const [id, f] of this.followed) this.refollow(id, f);
  }

  /** A witness is heard at `host` (first, or at a new address): its cache is followed there. */
  witnessAt(id: string, host: string): void {
    const f = this.followed.get(id) ?? { host, mirror: new Mirror() };
    f.host = host;
    this.followed.set(id, f);
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

  /** Lock, then fetch the cache from the first witness that answers. */
  async prepare(from: string, addresses: AddressRef[], migration = false): Promise<void> {
    const { d } = this;
    const ips = addresses.map((a) => a.ip);
    const rules = ips.map((ip) => `add rule ${LOCK_CHAIN} ip daddr ${ip} tcp dport ${d.port} counter drop`);
    const locked = this.ready.then((made) => this.nft.apply([...(made ? [] : [`add table ${LOCK_TABLE}`, `add chain ${LOCK_CHAIN} { type filter hook input priority -300; policy accept; }`]), `flush chain ${LOCK_CHAIN}`, ...rules], LOCK_TABLE));
    const fetched = (migration ? new Promise((r) => setTimeout(r, MIGRATION_QUIESCE_MS)) : Promise.resolve()).then(() => this.fetch(from, ips));
    const lock = await locked;
    if (!lock.ok) d.log(`lock failed: ${lock.error}`);
    else d.event('locked', `inbound TCP to ${ips.map((ip) => `${ip}:${d.port}`).join(', ')} dropped until the connections are rebuilt`);
    this.entries = await fetched;
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
      d.event('cache-received', `${got.entries.length} connection(s) of ${from} from witness ${got.id} (${restorable} restorable), ${got.bytes} bytes in ${(performance.now() - started).toFixed(1)} ms (connected ${got.connectedMs.toFixed(1)}, answered ${got.answeredMs.toFixed(1)}), ${got.mirrored} more from the mirror`);
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
    const ask = (have = mirror?.held() ?? []) => fetchCache({ ...this.channel(host), lost: from, ips, have, timeoutMs: FETCH_TIMEOUT_MS });
    const got = await ask();
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
    const entries = this.entries.filter((e) => ips.has(e.server.ip) && e.phase !== 'closed' && e.phase !== 'reset');
    this.entries = [];
    const service = d.service();
    // Replays run side by side: an application run as another program answers asynchronously.
    const replays = await Promise.all(entries.map(async (entry) => {
      const r = planRestoration(entry, Date.now());
      if (!r.ok) return { entry, failed: r.reason, ...(r.skip ? { skip: true } : {}) };
      if (!service) return { entry, failed: 'this node serves no application' };
      const app = service.newApp();
      const replayed = await replayInto(app, r.replay, r.skipOutput, entry.serverTail);
      if (!replayed.ok) {
        app.later?.destroy();
        return { entry, failed: replayed.reason };
      }
      return { entry, r, app, replayed };
    }));
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
    const counted = await this.nft.apply([], LOCK_TABLE);
    const unlock = await this.nft.apply([`flush chain ${LOCK_CHAIN}`], LOCK_TABLE);
    if (!unlock.ok) d.log(`unlock failed: ${unlock.error}`);
    d.event('unlocked', `${rebuilt.length} of ${entries.length} connection(s) of ${from} rebuilt; ${lockDrops(counted.listing)} client segments were dropped while locked`);
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
        d.event('first-byte', `${c.key}: answering the client's first bytes after the takeover`);
      });
      service!.adopt(socket, c.app, c.pending);
      d.event('restored', c.detail);
      if (!firstByte && owed > 0) {
        firstByte = true;
        d.event('first-byte', `${c.key}: ${owed} bytes owed to the client sent`);
      }
    }
  }

  close(): Promise<void> {
    this.closed = true;
    for (const f of this.followed.values()) f.follow?.close();
    return this.nft.close();
  }
}
