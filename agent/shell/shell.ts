import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
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
import { gratuitousArp } from '../link/garp-frame.js';
import { PacketSocket } from '../link/packet-socket.js';
import { IpSession } from './ip-session.js';
import { selfRole } from '../membership/config.js';
import type { Application } from '../service/app.js';
import { startApplication } from '../service/apps/create-app.js';
import { startServer, type RunningServer } from '../service/server.js';
import { freeze, socketFd } from '../takeover/repair.js';
import { Takeover } from './takeover.js';
import { wallNow } from './wall-clock.js';
import { loopStallDetail } from './loop-stall.js';
import { EventLog } from './event-log.js';
import { WitnessCache } from './witness-cache.js';


/** A gap between ticks longer than this is reported (loop-stalled). */
const STALL_REPORT_MS = 50;

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
  /** Where gratuitous ARPs leave, or why they cannot. */
  private readonly arp: PacketSocket | string;
  private timer: NodeJS.Timeout | undefined;
  private connTimer: NodeJS.Timeout | undefined;
  private connections: number | undefined;
  private dropTimer: NodeJS.Timeout | undefined;
  private lastDrops = '';
  private queue: Promise<void> = Promise.resolve();
  private lastDropLog = 0;
  private service: RunningServer | undefined;
  private application: Application | undefined;
  private takeover: Takeover | undefined;
  private witness: WitnessCache | undefined;
  /** The cluster LAN address each peer's datagrams come from. */
  private readonly peerAddresses = new Map<string, string>();
  private readonly out: EventLog;

  constructor(private readonly cfg: AgentFileConfig, private readonly bootId: string) {
    this.out = new EventLog(cfg.eventsFile);
    this.key = Buffer.from(cfg.key, 'hex');
    this.receiver = { key: this.key, clusterId: cfg.membership.clusterId, guard: new ReplayGuard(), counters: new Counters() };
    this.socket = createSocket({ type: 'udp4', reuseAddr: true });
    this.ip = new IpSession(cfg.ifname);
    try {
      this.arp = new PacketSocket(cfg.ifname);
    } catch (error) {
      this.arp = (error as Error).message;
    }
  }

  /** One gratuitous ARP for `ip`, now (a sendto). */
  private announce(ip: string): void {
    let problem: string | undefined;
    try {
      problem = typeof this.arp === 'string' ? this.arp : this.arp.send(gratuitousArp(this.cfg.membership.mac, ip));
    } catch (error) {
      problem = (error as Error).message;
    }
    if (problem) this.log(`gratuitous ARP for ${ip} not sent: ${problem}`);
  }

  async start(): Promise<void> {
    const { socket, cfg } = this;
    const role = selfRole(cfg.membership);
    if (cfg.service) {
      // The agent is the application's TCP front: rebuilt connections are served by the same process.
      const { port } = cfg.service;
      this.application = await startApplication(cfg.service, (line) => this.log(line));
      this.service = await startServer({ app: this.application, port, host: '0.0.0.0', log: (line) => this.log(line) });
      this.log(`serving ${this.application.label} on 0.0.0.0:${port}`);
      if (cfg.membership.tcpTakeover !== false) {
        this.takeover = new Takeover({
          key: this.key, clusterId: cfg.membership.clusterId, self: cfg.membership.self, bootId: this.bootId, port,
          service: () => this.service,
          // Only witnesses still heard: asking a lost one would cost the whole fetch timeout.
          witnesses: () => new Map([...this.peerAddresses].filter(([id]) => {
            const peer = this.state.peers.get(id);
            return peer?.role === 'witness' && (peer.liveness === 'up' || peer.liveness === 'suspected');
          })),
          mirror: cfg.mirror !== false,
          event: (kind, detail, at) => this.event(kind, detail, at),
          log: (line) => this.log(line),
        });
      }
    }
    // A witness snoops only for the TCP takeover; with it off, the cluster moves IPs alone.
    if (role === 'witness' && cfg.membership.tcpTakeover !== false) {
      this.witness = new WitnessCache({
        ifname: cfg.ifname, localIp: cfg.localIp, group: cfg.group, key: this.key, clusterId: cfg.membership.clusterId, members: cfg.membership.nodes.map((n) => n.id),
        ...(cfg.cacheCapBytes !== undefined ? { capBytes: cfg.cacheCapBytes } : {}),
        event: (kind, detail) => this.event(kind, detail), log: (line) => this.log(line),
      });
      await this.witness.listen(cfg.localIp);
    }
    socket.on('message', (buf, rinfo) => this.receive(buf, rinfo));
    socket.on('error', (error) => this.log(`socket error: ${error.message}`));
    await new Promise<void>((resolve) => socket.bind(cfg.port, resolve));
    socket.addMembership(cfg.group, cfg.localIp);
    socket.setMulticastInterface(cfg.localIp);
    socket.setMulticastLoopback(false);
    socket.setMulticastTTL(1);
    this.feed({ kind: 'boot', now: performance.now() });
    const tickEvery = Math.max(2, Math.floor(cfg.membership.intervalMs / 5));
    let lastTick = performance.now();
    let lastCpu = process.cpuUsage();
    this.timer = setInterval(() => {
      const now = performance.now();
      // A tick this late means the process did not run (a blocked event loop, or no CPU): every
      // datagram and timer was late too, detection included. Said, so that a slow failover is explained.
      const cpu = process.cpuUsage();
      if (now - lastTick > STALL_REPORT_MS) this.event('loop-stalled', loopStallDetail(now - lastTick, (cpu.user + cpu.system - lastCpu.user - lastCpu.system) / 1000, tickEvery));
      lastCpu = cpu;
      lastTick = now;
      this.feed({ kind: 'tick', now });
    }, tickEvery);
    // Live connections on the service ports, for failback new-connections: told when the count changes.
    this.connTimer = setInterval(() => this.countConnections(), Math.max(50, cfg.membership.intervalMs * 2));
    this.dropTimer = setInterval(() => this.reportDrops(), 1000);
    this.countConnections();
  }

  /**
   * The connections this node serves are its service's sockets (the agent is the application's
   * TCP front; rebuilt ones are adopted into the same set), counted until they close. Not
   * /proc/net/tcp: reading it walks the kernel's whole established hash, shared by every network
   * namespace of the host, which cost the serving process a fifth of its CPU under a bulk transfer.
   */
  private countConnections(): void {
    const count = this.service?.sockets.size ?? 0;
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
    if (typeof this.arp !== 'string') this.arp.close();
    void this.takeover?.close();
    void this.witness?.close();
    void this.service?.close();
    void this.application?.stop();
    this.out.flush();
  }

  private receive(buf: Buffer, rinfo: RemoteInfo): void {
    const admission = admit(buf, this.receiver);
    if (admission.ok) {
      const from = admission.message.from;
      if (this.peerAddresses.get(from) !== rinfo.address) {
        this.peerAddresses.set(from, rinfo.address);
        if (this.takeover && this.state.peers.get(from)?.role === 'witness') {
          void this.takeover.probe(from, rinfo.address);
          this.takeover.witnessAt(from, rinfo.address);
        }
      }
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
    // The witness snoops whatever the records say is served: every address ever held, on their ports.
    this.witness?.select(state);
    // A node that can take over mirrors the witness's cache of the connections other nodes hold.
    this.takeover?.follow([...state.book.keys()].filter((ip) => !state.held.has(ip)));
    // A suspected server may be declared failed within a few intervals: the fetch's connection is opened now.
    if (this.takeover) this.takeover.suspecting([...state.peers.values()].some((p) => p.liveness === 'suspected' && p.role !== 'witness'));
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
        this.takeover?.addressUp(action.address.ip);
        await this.ip.change('add', action.address);
        return;
      case 'removeAddress':
        this.silence(action.address.ip);
        await this.ip.change('del', action.address);
        this.takeover?.released();
        return;
      case 'prepareConnections':
        await this.takeover?.prepare(action.from, action.addresses, action.migration);
        return;
      case 'restoreConnections':
        await this.takeover?.restore(action.from, action.addresses);
        return;
      case 'gratuitousArp': {
        // The first ARP leaves now, the others `spacingMs` apart; arp-sent is stamped after the first.
        this.announce(action.ip);
        for (let i = 1; i < action.count; i++) setTimeout(() => this.announce(action.ip), i * action.spacingMs);
        return;
      }
      case 'event':
        this.event(action.event, action.detail);
        return;
    }
  }

  /**
   * The address is leaving this node (fenced, or handed back): its connections are frozen and
   * closed in repair mode so that this kernel sends nothing more for them — no retransmission, no
   * RST — while whoever holds the address now serves them.
   */
  private silence(ip: string): void {
    const sockets = [...(this.service?.sockets ?? [])].filter((s) => s.localAddress === ip);
    let frozen = 0;
    for (const s of sockets) {
      try {
        freeze(socketFd(s));
        frozen++;
      } catch (error) {
        this.log(`cannot freeze ${s.remoteAddress}:${s.remotePort}: ${(error as Error).message}`);
      }
      s.destroy();
    }
    if (sockets.length > 0) this.event('connections-fenced', `${frozen} of ${sockets.length} connection(s) on ${ip} closed silently (repair mode): ${ip} is no longer this node's`);
  }

  /** `at`: when it happened, if earlier than now (host clock, ms). */
  private event(kind: string, detail: string, at = wallNow()): void {
    const epochs = [...this.state.held.values()].map((h) => h.epoch);
    const line = JSON.stringify({ t: Math.round(at * 1000) / 1000, node: this.cfg.membership.self, kind, detail, ...(epochs.length > 0 ? { epoch: Math.max(...epochs) } : {}) });
    this.out.event(line);
    this.log(`${kind}: ${detail}`);
  }

  private log(line: string): void {
    this.out.log(`${new Date().toISOString()} hatcp-agent ${this.cfg.membership.self}: ${line}`);
  }
}
