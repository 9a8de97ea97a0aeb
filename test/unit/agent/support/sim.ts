/**
 * A discrete-time simulator of a cluster of pure state machines: every millisecond each running
 * node takes the datagrams due to it, then a tick. Sends go through the real codec, replay guard
 * and counters (encode → multicast to every peer not cut off → admit), with a fixed latency.
 * Faults: crash (fail-stop: the node and its addresses vanish), restart (a new boot), pause
 * (the process freezes with its state and its addresses, datagrams queued or dropped), cuts.
 */
import type { Action, EventKind } from '../../../../agent/membership/action.js';
import type { MembershipConfig } from '../../../../agent/membership/config.js';
import type { Input } from '../../../../agent/membership/input.js';
import { createState, type MembershipState } from '../../../../agent/membership/state.js';
import { step } from '../../../../agent/membership/step.js';
import { admit, type Receiver } from '../../../../agent/protocol/admit.js';
import { encode } from '../../../../agent/protocol/codec.js';
import { Counters } from '../../../../agent/protocol/counters.js';
import { stamp, type MessageKind } from '../../../../agent/protocol/message.js';
import { addressText } from '../../../../agent/protocol/record.js';
import { ReplayGuard } from '../../../../agent/protocol/replay-guard.js';
import { KEY } from './messages.js';

/** An event a node emitted, with the node. */
export interface TimedEvent {
  at: number;
  node: string;
  event: EventKind;
  detail: string;
}

/** An action a node asked for, with the time and node. */
export interface TimedAction {
  at: number;
  node: string;
  action: Action;
}

/** A datagram taken in by a node. */
export interface Delivery {
  at: number;
  from: string;
  to: string;
  kind: MessageKind;
}

type Status = 'running' | 'crashed' | 'paused';

interface SimNode {
  config: MembershipConfig;
  state: MembershipState;
  status: Status;
  /** While paused: queue datagrams (a socket buffer) or lose them. */
  pauseMode: 'queue' | 'drop';
  boots: number;
  bootId: string;
  seq: number;
  receiver: Receiver;
  inbox: { at: number; from: string; buf: Buffer }[];
  addresses: Set<string>;
}

/** The simulated cluster. */
export class Sim {
  now = 0;
  readonly events: TimedEvent[] = [];
  readonly actions: TimedAction[] = [];
  readonly deliveries: Delivery[] = [];
  /** Every change of who has which address on its interface. */
  readonly ownership: { at: number; node: string; address: string; up: boolean }[] = [];
  readonly #nodes = new Map<string, SimNode>();
  readonly #cuts = new Set<string>();
  readonly #scheduled: { at: number; run: () => void }[] = [];

  constructor(
    configs: MembershipConfig[],
    private readonly latencyMs = 1,
  ) {
    configs.forEach((config, index) => {
      this.#nodes.set(config.self, {
        config,
        state: createState(),
        status: 'crashed',
        pauseMode: 'queue',
        boots: 0,
        bootId: '',
        seq: 0,
        receiver: this.#receiver(config),
        inbox: [],
        addresses: new Set(),
      });
      this.at(0, () => this.restart(config.self, index));
    });
  }

  #receiver(config: MembershipConfig): Receiver {
    return { key: KEY, clusterId: config.clusterId, guard: new ReplayGuard(), counters: new Counters() };
  }

  #node(id: string): SimNode {
    const node = this.#nodes.get(id);
    if (node === undefined) throw new Error(`no node ${id}`);
    return node;
  }

  /** Runs `run` at `at` ms, before any node acts in that millisecond. */
  at(at: number, run: () => void): this {
    this.#scheduled.push({ at, run });
    return this;
  }

  /** Fail-stop: the node sends nothing more, hears nothing, and its addresses vanish with it. */
  crash(id: string): void {
    const node = this.#node(id);
    node.status = 'crashed';
    node.inbox = [];
    for (const address of node.addresses) this.ownership.push({ at: this.now, node: id, address, up: false });
    node.addresses.clear();
  }

  /** Starts the node afresh: new process, new boot id, empty state, then a boot input. */
  restart(id: string, salt = 0): void {
    const node = this.#node(id);
    node.boots++;
    node.bootId = (0xb000 + salt * 0x100 + node.boots).toString(16).padStart(16, '0');
    node.seq = 0;
    node.receiver = this.#receiver(node.config);
    node.status = 'running';
    node.inbox = [];
    node.state = createState();
    this.#input(node, { kind: 'boot', now: this.now });
  }

  /** Freezes the node with its state and addresses; datagrams to it queue up or are lost. */
  pause(id: string, mode: 'queue' | 'drop' = 'queue'): void {
    const node = this.#node(id);
    node.status = 'paused';
    node.pauseMode = mode;
  }

  /** Thaws a paused node: it carries on from its old state. */
  resume(id: string): void {
    this.#node(id).status = 'running';
  }

  /** Cuts (or heals) the link between two nodes, both ways. */
  cut(a: string, b: string, cut = true): void {
    for (const key of [`${a}>${b}`, `${b}>${a}`]) {
      if (cut) this.#cuts.add(key);
      else this.#cuts.delete(key);
    }
  }

  /** Cuts (or heals) a node off every other node. */
  isolate(id: string, cut = true): void {
    for (const other of this.#nodes.keys()) if (other !== id) this.cut(id, other, cut);
  }

  /** Reports the node's live connection count to its state machine. */
  connections(id: string, count: number): void {
    this.#input(this.#node(id), { kind: 'connections', now: this.now, count });
  }

  /** The node's current state. */
  state(id: string): MembershipState {
    return this.#node(id).state;
  }

  /** Receive counters of a node. */
  counters(id: string): Counters {
    return this.#node(id).receiver.counters;
  }

  /** Advances the clock to `until` (inclusive). */
  run(until: number): this {
    for (; this.now <= until; this.now++) {
      const due = this.#scheduled.filter((s) => s.at === this.now);
      for (const s of due) s.run();
      for (const [id, node] of this.#nodes) {
        if (node.status === 'paused' && node.pauseMode === 'drop') node.inbox = node.inbox.filter((m) => m.at > this.now);
        if (node.status !== 'running') continue;
        const ready = node.inbox.filter((m) => m.at <= this.now);
        node.inbox = node.inbox.filter((m) => m.at > this.now);
        for (const m of ready) {
          const admitted = admit(m.buf, node.receiver);
          if (!admitted.ok) throw new Error(`${id} dropped a datagram from ${m.from}: ${admitted.reason} ${admitted.detail}`);
          this.deliveries.push({ at: this.now, from: m.from, to: id, kind: admitted.message.kind });
          this.#input(node, { kind: 'message', now: this.now, message: admitted.message });
        }
        if (node.status === 'running') this.#input(node, { kind: 'tick', now: this.now });
      }
    }
    this.now = until + 1;
    return this;
  }

  #input(node: SimNode, input: Input): void {
    const id = node.config.self;
    const { state, actions } = step(node.state, input, node.config);
    node.state = state;
    for (const action of actions) {
      this.actions.push({ at: this.now, node: id, action });
      switch (action.kind) {
        case 'send': {
          const message = stamp(action.message, { clusterId: node.config.clusterId, from: id, bootId: node.bootId, seq: node.seq++, sentAt: this.now });
          const buf = encode(message, KEY);
          for (const [to, peer] of this.#nodes) {
            if (to === id || this.#cuts.has(`${id}>${to}`) || peer.status === 'crashed') continue;
            peer.inbox.push({ at: this.now + this.latencyMs, from: id, buf });
          }
          break;
        }
        case 'addAddress':
        case 'removeAddress': {
          const address = addressText(action.address);
          const up = action.kind === 'addAddress';
          if (up === node.addresses.has(address)) throw new Error(`${id}: ${action.kind} ${address}, which it ${up ? 'already has' : 'does not have'}`);
          if (up) node.addresses.add(address);
          else node.addresses.delete(address);
          this.ownership.push({ at: this.now, node: id, address, up });
          break;
        }
        case 'gratuitousArp':
          break;
        case 'event':
          if (action.at !== this.now) throw new Error(`${id}: event stamped ${action.at} at ${this.now}`);
          this.events.push({ at: this.now, node: id, event: action.event, detail: action.detail });
          break;
      }
    }
  }

  /** Nodes that have `address` (ip/prefix) on their interface now. */
  holders(address: string): string[] {
    return [...this.#nodes].filter(([, n]) => n.addresses.has(address)).map(([id]) => id);
  }

  /** Events of one node, optionally of some kinds only. */
  eventsOf(node: string, ...kinds: EventKind[]): TimedEvent[] {
    return this.events.filter((e) => e.node === node && (kinds.length === 0 || kinds.includes(e.event)));
  }

  /** The first event of a kind on a node at or after `from`; throws if there is none. */
  first(node: string, kind: EventKind, from = 0): TimedEvent {
    const found = this.events.find((e) => e.node === node && e.event === kind && e.at >= from);
    if (found === undefined) throw new Error(`${node} never emitted ${kind} after ${from} ms; it emitted:\n${this.eventsOf(node).map((e) => `  ${e.at} ${e.event} ${e.detail}`).join('\n')}`);
    return found;
  }

  /** When `to` last took in a datagram from `from` at or before `before`. */
  lastHeard(to: string, from: string, before = Infinity): number {
    const times = this.deliveries.filter((d) => d.to === to && d.from === from && d.at <= before).map((d) => d.at);
    if (times.length === 0) throw new Error(`${to} never heard ${from}`);
    return Math.max(...times);
  }

  /** The most nodes that held `address` at once, and the ms during which more than one did. */
  contention(address: string): { maxHolders: number; dualMs: number } {
    const holders = new Set<string>();
    let maxHolders = 0;
    let dualMs = 0;
    let dualSince: number | undefined;
    for (const change of this.ownership.filter((o) => o.address === address)) {
      if (change.up) holders.add(change.node);
      else holders.delete(change.node);
      maxHolders = Math.max(maxHolders, holders.size);
      if (holders.size > 1 && dualSince === undefined) dualSince = change.at;
      if (holders.size <= 1 && dualSince !== undefined) {
        dualMs += change.at - dualSince;
        dualSince = undefined;
      }
    }
    if (dualSince !== undefined) dualMs += this.now - dualSince;
    return { maxHolders, dualMs };
  }
}
