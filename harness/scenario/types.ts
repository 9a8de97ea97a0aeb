/** The one internal shape of a scenario, after validation and normalisation. Plain data. */
import type { AppName, ExecSpec } from '../../agent/service/app.js';
import type { Impairment, Topology } from '../topology/types.js';

/** All times are milliseconds. Fault times are offsets from the traffic start (t0). */
export interface Scenario {
  name: string;
  /** The file it was loaded from, if any. */
  source: string | undefined;
  topology: Topology;
  service: Service;
  agent: AgentConfig;
  traffic: TrafficSpec[];
  faults: FaultSpec[];
  expect: Expectations;
  /** How many times to run it (default 1); each run gets seed + index. */
  repeat: number;
  /** How many inconclusive runs the series may set aside and run again (default 0). */
  rerunInconclusive: number;
  seed: number;
  /** Time after the last generator is due to finish before collection (default 1000). */
  drainMs: number;
  /** The pcaps the runner writes: one per node link and per bridge, or per bridge only. */
  capture: 'links' | 'bridges';
}

/** The service the clients talk to: an application behind a service IP (VIP) and port. */
export interface Service {
  vip: string;
  /** Prefix length the VIP is added with (that of the network holding it). */
  prefix: number;
  /** The network the VIP lives on. */
  network: string;
  port: number;
  /** echo returns every byte; kv is a key-value store per connection; stamp is deliberately non-deterministic (lines traffic checks it); exec is a program. */
  app: AppName;
  /** For app exec: the program. */
  exec?: ExecSpec;
}

/** Which failover agent runs in the nodes: a small plug-in per kind. */
export type AgentConfig =
  /** No failover: the VIP is on the primary and stays there. */
  | { kind: 'none' }
  /** keepalived/VRRP on the primary and standby: the VIP moves, connections do not. */
  | {
      kind: 'keepalived';
      /** VRRP advertisement interval (advert_int), ms; keepalived's default is 1000. */
      advertIntMs: number;
      /** Priority per node that runs keepalived (primary highest by default: 150, standby 100). */
      priorities: Record<string, number>;
      /** Whether a returning higher-priority node takes the VIP back (keepalived default true). */
      preempt: boolean;
      virtualRouterId: number;
    }
  /** The hatcp agent on primary, standby and witness. */
  | {
      kind: 'hatcp';
      intervalMs: number;
      misses: number;
      witnessPolicy: 'safety' | 'availability';
      failback: 'never' | 'new-connections' | 'immediate' | 'migrate';
      garpCount: number;
      garpSpacingMs: number;
      /** Whether the standby rebuilds the failed node's TCP connections (false: the IP only). */
      tcpTakeover: boolean;
      /** Whether the standby follows the witness's cache into a mirror (false: the whole cache is fetched at the failure). */
      mirror: boolean;
      /** Client bytes the witness keeps per connection, MiB. */
      cacheCapMiB: number;
      /** Hex cluster key; undefined: a fresh random one per run. */
      key: string | undefined;
    };

interface TrafficCommon {
  /** Unique within the scenario; names its records in history.ndjson. */
  name: string;
  /** The node the generator runs in (default: the only client). */
  from: string;
  /** Offset from t0 at which it starts (default 0). */
  startMs: number;
  /** Reconnect after a broken connection and measure how long that took. */
  reconnect: boolean;
  /** No progress for this long counts as a broken connection (default 2000). */
  stallTimeoutMs: number;
  /** How long one connection attempt may take. */
  connectTimeoutMs: number;
}

export type TrafficSpec =
  /** Sequence-numbered, checksummed messages at a fixed rate, echoed back and verified. */
  | (TrafficCommon & { kind: 'stream'; rate: number; size: number; durationMs: number })
  /** Request/response, `concurrency` outstanding at most, each timed. `rate` 0 = as fast as possible. */
  | (TrafficCommon & { kind: 'rpc'; rate: number; size: number; concurrency: number; durationMs: number })
  /** A large transfer, verified end to end: up = client→server, down = server→client. */
  | (TrafficCommon & { kind: 'bulk'; bytes: number; direction: 'up' | 'down' | 'both' })
  /** kv commands (mostly INCR counter) at a fixed rate, each reply checked against a model of the connection's store. */
  | (TrafficCommon & { kind: 'kv'; rate: number; dialect: KvDialectName; durationMs: number })
  /** Lines `line <seq>` at a fixed rate, each reply checked to begin with its line (an echo, or a server that adds to each line, like stamp). */
  | (TrafficCommon & { kind: 'lines'; rate: number; durationMs: number });

/** How kv traffic speaks: line = hatcp's line protocol (the kv app), resp = the Redis protocol (RESP2). */
export type KvDialectName = 'line' | 'resp';

export type FaultAction =
  /** Fail-stop: the node's link goes down, then its processes are killed. */
  | { kind: 'crash' }
  /** A crashed node comes back (its services and agent start again). */
  | { kind: 'restart' }
  /** Freeze (cgroup freezer) / thaw. */
  | { kind: 'pause' }
  | { kind: 'resume' }
  /** Cut the targets off from `peers` (default: every other node); `out` = targets cannot send to peers, `in` = cannot receive. */
  | { kind: 'partition'; peers: string[]; direction: 'both' | 'in' | 'out' }
  | { kind: 'heal' }
  /** Kill only the agent process; the node's kernel stays up. */
  | { kind: 'agent-kill' }
  /** Change a link's impairment at runtime (on the target's link to `network`). */
  | { kind: 'impair'; network: string; impair: Impairment };

export interface FaultSpec {
  /** `f1`, `f2`… in timeline order unless named. */
  id: string;
  atMs: number;
  targets: string[];
  action: FaultAction;
  /** For pause/partition/impair: revert after this long (adds the matching resume/heal/clear). */
  durationMs: number | undefined;
}

/** What the run must show for its exit code to be 0. Absent = not checked. */
export interface Expectations {
  /** Every generator kept its first connection, with no byte lost, duplicated or corrupted. */
  continuity?: boolean;
  /** Longest interval without a verified operation around any fault. */
  maxStallMs?: number;
  /** From each fault to the first verified operation issued after it. */
  maxRecoverMs?: number;
}
