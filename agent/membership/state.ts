import type { PeerHeard } from '../protocol/message.js';
import type { OwnershipRecord, Role } from '../protocol/record.js';
import type { MembershipConfig } from './config.js';

/** What this node believes of a peer: never heard yet, heard lately, one heartbeat late, failed. */
export type Liveness = 'unknown' | 'up' | 'suspected' | 'lost';

/** A peer's latest heartbeat view, as received at `at`. */
export interface PeerView {
  at: number;
  suspects: string[];
  heard: PeerHeard[];
}

/** Everything known about one peer. */
export interface PeerState {
  role: Role;
  liveness: Liveness;
  lastHeardAt?: number;
  bootId?: string;
  /** Its latest ownership record (kept after it is lost: the takeover needs it). */
  record?: OwnershipRecord;
  view?: PeerView;
}

/** The best-known ownership of one address; no holder once it was released. */
export interface Holding {
  prefix: number;
  epoch: number;
  holder?: string;
  /** Who released it (failback), while nobody holds it: a migration takes its connections from there. */
  releasedBy?: string;
}

/** An address on this node's interface. */
export interface Held {
  prefix: number;
  epoch: number;
}

/** What the witnesses say about a lost peer: they lost it too, they still hear it, or nobody can tell. */
export type Verdict = 'agrees' | 'hears' | 'silent';

/** `down` until boot; `settling` while a booting node listens before claiming home addresses. */
export type Phase = 'down' | 'settling' | 'up';

/** The whole state of one node's membership and ownership; treat as immutable (step copies it). */
export interface MembershipState {
  phase: Phase;
  bootAt: number;
  /** Since when this node has been able to hear: its boot, or the end of its latest stall. */
  listeningSince: number;
  /** The latest `now` seen (inputs with an older `now` are treated as happening now). */
  now: number;
  nextHeartbeatAt: number;
  /** By node id, every other cluster node. */
  peers: Map<string, PeerState>;
  /** By IP: the highest ownership known for every address ever seen held. */
  book: Map<string, Holding>;
  /** By IP: the addresses on this node's interface. */
  held: Map<string, Held>;
  /** By IP: held addresses taken over, and from whom (their failback is due to that node). */
  adopted: Map<string, string>;
  /** By lost peer: the witness verdict of its takeover so far, or `taken`. */
  declared: Map<string, Verdict | 'taken'>;
  /** Owners whose failback this node (their addresses' holder) has started. */
  failingBack: Set<string>;
  /** Home IPs held elsewhere that this node waits to get back. */
  awaitingRelease: Set<string>;
  /** Live connections this node serves; undefined until the shell reports a count. */
  connections: number | undefined;
  /** Whether a failover is possible: a witness is heard and, for an owner, a failover target too. */
  protected: boolean;
  /** The suspects in the last heartbeat sent (a change sends one at once). */
  sentSuspects: string[];
}

/** A node before boot: every input but `boot` is ignored. */
export function createState(): MembershipState {
  return {
    phase: 'down',
    bootAt: 0,
    listeningSince: 0,
    now: 0,
    nextHeartbeatAt: 0,
    peers: new Map(),
    book: new Map(),
    held: new Map(),
    adopted: new Map(),
    declared: new Map(),
    failingBack: new Set(),
    awaitingRelease: new Set(),
    connections: undefined,
    protected: true,
    sentSuspects: [],
  };
}

/** A freshly booted node at `now`: every configured peer unknown, nothing held. */
export function bootedState(config: MembershipConfig, now: number): MembershipState {
  const peers = new Map<string, PeerState>();
  for (const node of config.nodes) if (node.id !== config.self) peers.set(node.id, { role: node.role, liveness: 'unknown' });
  return { ...createState(), phase: 'settling', bootAt: now, listeningSince: now, now, nextHeartbeatAt: now + config.intervalMs, peers };
}

/** A copy whose collections may be changed without touching `state` (their values are replaced, never mutated). */
export function cloneState(state: MembershipState): MembershipState {
  return {
    ...state,
    peers: new Map(state.peers),
    book: new Map(state.book),
    held: new Map(state.held),
    adopted: new Map(state.adopted),
    declared: new Map(state.declared),
    failingBack: new Set(state.failingBack),
    awaitingRelease: new Set(state.awaitingRelease),
  };
}
