import { createSocket, type Socket } from 'node:dgram';
import { appendFileSync, readFileSync } from 'node:fs';
import type { Action } from '../membership/action.js';
import type { Input } from '../membership/input.js';
import { createState, type MembershipState } from '../membership/state.js';
import { step } from '../membership/step.js';
import { admit, type Receiver } from '../protocol/admit.js';
import { encode } from '../protocol/codec.js';
import { Counters } from '../protocol/counters.js';
import { stamp } from '../protocol/message.js';
import { ReplayGuard } from '../protocol/replay-guard.js';
import type { AgentFileConfig } from './agent-config.js';
import { countEstablished } from './connections.js';
import { ArpLauncher } from './arp-launcher.js';
import { IpSession } from './ip-session.js';


/** The host's wall clock with sub-millisecond resolution: the clock of every harness record. */
const wallNow = () => performance.timeOrigin + performance.now();

/**
 * Side effects around the state machine. Inputs are fed in arrival order; the actions of each
 * step run strictly in order on one queue (an address is up before its ARP goes out), and each
 * event is stamped when the queue reaches it, so `vip-up` means the address is on the interface
 * and `arp-sent` that the first gratuitous ARP has left.
 */
export class Shell {
  private state: MembershipState = createState();
  private seq = 0;
  private readonly key: Buffer;
  private readonly receiver: Receiver;
  private readonly socket: Socket;
  private readonly ip: IpSession;
  private readonly arp: ArpLauncher;
  private timer: NodeJS.Timeout | undefined;
  private connTimer: NodeJS.Timeout | undefined;
  private connections: number | undefined;
  private dropTimer: NodeJS.Timeout | undefined;
  private lastDrops = '';
  private queue: Promise<void> = Promise.resolve();
  private lastDropLog = 0;

  constructor(private readonly cfg: AgentFileConfig, private readonly bootId: string) {
    this.key = Buffer.from(cfg.key, 'hex');
    this.receiver = { key: this.key, clusterId: cfg.membership.clusterId, guard: new ReplayGuard(), counters: new Counters() };
    this.socket = createSocket({ type: 'udp4', reuseAddr: true });
    this.ip = new IpSession(cfg.ifname);
    this.arp = new ArpLauncher(cfg.ifname, (line) => this.log(line));
  }

  async start(): Promise<void> {
    const { socket, cfg } = this;
    socket.on('message', (buf) => this.receive(buf));
    socket.on('error', (error) => this.log(`socket error: ${error.message}`));
    await new Promise<void>((resolve) => socket.bind(cfg.port, resolve));
    socket.addMembership(cfg.group, cfg.localIp);
    socket.setMulticastInterface(cfg.localIp);
    socket.setMulticastLoopback(false);
    socket.setMulticastTTL(1);
    this.feed({ kind: 'boot', now: performance.now() });
    const tickEvery = Math.max(2, Math.floor(cfg.membership.intervalMs / 5));
    this.timer = setInterval(() => this.feed({ kind: 'tick', now: performance.now() }), tickEvery);
    // Live connections on the service ports, for failback new-connections: told when the count changes.
    this.connTimer = setInterval(() => this.countConnections(), Math.max(50, cfg.membership.intervalMs * 2));
    this.dropTimer = setInterval(() => this.reportDrops(), 1000);
    this.countConnections();
  }

  private countConnections(): void {
    let count: number;
    try {
      count = countEstablished(readFileSync('/proc/net/tcp', 'utf8'), this.cfg.membership.ports);
    } catch {
      return;
    }
    if (count === this.connections) return;
    this.connections = count;
    this.feed({ kind: 'connections', now: performance.now(), count });
  }

  stop(): void {
    clearInterval(this.timer);
    clearInterval(this.connTimer);
    clearInterval(this.dropTimer);
    this.log(`stopping; received ${this.receiver.counters.toString()}`);
    this.socket.close();
    this.ip.close();
    this.arp.close();
  }

  private receive(buf: Buffer): void {
    const admission = admit(buf, this.receiver);
    if (admission.ok) {
      this.feed({ kind: 'message', now: performance.now(), message: admission.message });
      return;
    }
    // Counted and dropped; logged at most once a second (a flood cannot fill the disk), and the
    // counters go out as a `dropped` event once a second while they change (reportDrops).
    const now = performance.now();
    if (now - this.lastDropLog >= 1000) {
      this.lastDropLog = now;
      this.log(`dropped a datagram (${admission.reason}: ${admission.detail}); so far ${this.receiver.counters.toString()}`);
    }
  }

  private reportDrops(): void {
    const counts = this.receiver.counters.toString();
    const dropped = !/dropped 0$/.test(counts);
    if (dropped && counts.replace(/^accepted \d+, /, '') !== this.lastDrops) {
      this.lastDrops = counts.replace(/^accepted \d+, /, '');
      this.event('dropped', `datagrams received: ${counts}`);
    }
  }

  private feed(input: Input): void {
    let result: ReturnType<typeof step>;
    try {
      result = step(this.state, input, this.cfg.membership);
    } catch (error) {
      // A bug, not an input problem (admit() vetted the message): log it and keep the last state.
      this.log(`step failed on ${input.kind}: ${(error as Error).stack ?? String(error)}`);
      return;
    }
    const { state, actions } = result;
    this.state = state;
    for (const action of actions) this.queue = this.queue.then(() => this.perform(action)).catch((error: Error) => this.log(`action ${action.kind} failed: ${error.message}`));
  }

  private async perform(action: Action): Promise<void> {
    const { cfg } = this;
    switch (action.kind) {
      case 'send': {
        const message = stamp(action.message, { clusterId: cfg.membership.clusterId, from: cfg.membership.self, bootId: this.bootId, seq: this.seq++, sentAt: Date.now() });
        const buf = encode(message, this.key);
        await new Promise<void>((resolve) => this.socket.send(buf, cfg.port, cfg.group, () => resolve()));
        return;
      }
      case 'addAddress':
        await this.ip.change('add', action.address);
        return;
      case 'removeAddress':
        await this.ip.change('del', action.address);
        return;
      case 'gratuitousArp': {
        // The first ARP goes out from an arping that is already waiting (ArpLauncher), the others
        // `spacingMs` apart; arp-sent is stamped once the first has been released.
        this.arp.fire(action.ip);
        for (let i = 1; i < action.count; i++) setTimeout(() => this.arp.fire(action.ip), i * action.spacingMs);
        return;
      }
      case 'event':
        this.event(action.event, action.detail);
        return;
    }
  }

  private event(kind: string, detail: string): void {
    const epochs = [...this.state.held.values()].map((h) => h.epoch);
    const line = JSON.stringify({ t: Math.round(wallNow() * 1000) / 1000, node: this.cfg.membership.self, kind, detail, ...(epochs.length > 0 ? { epoch: Math.max(...epochs) } : {}) });
    appendFileSync(this.cfg.eventsFile, line + '\n');
    this.log(`${kind}: ${detail}`);
  }

  private log(line: string): void {
    process.stderr.write(`${new Date().toISOString()} hatcp-agent ${this.cfg.membership.self}: ${line}\n`);
  }
}
