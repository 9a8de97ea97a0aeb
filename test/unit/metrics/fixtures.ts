/**
 * Hand-made runs for the metrics and report tests. Times are written as offsets from T0 in ms;
 * every message is 100 B unless said otherwise.
 */
import type { ErrorKind, Operation, RunEvent } from '../../../harness/history/types.js';
import type { RunInput } from '../../../harness/metrics/run-input.js';
import type { AgentConfig, Expectations, FaultAction, FaultSpec, Scenario, TrafficSpec } from '../../../harness/scenario/types.js';

export const T0 = 1_000_000;

/** A stream generator spec named `name`. */
export function stream(name = 's1', reconnect = true): TrafficSpec {
  return { kind: 'stream', name, from: 'client', startMs: 0, reconnect, stallTimeoutMs: 2000, connectTimeoutMs: 200, rate: 10, size: 92, durationMs: 4000 };
}

/** A fault of the scenario. */
export function fault(id: string, atMs: number, action: FaultAction, targets = ['primary'], durationMs?: number): FaultSpec {
  return { id, atMs, targets, action, durationMs };
}

/** A resolved scenario on the 4-node ha-lan topology. */
export function scenario(p: { name?: string; agent?: AgentConfig; traffic?: TrafficSpec[]; faults?: FaultSpec[]; expect?: Expectations; repeat?: number; rerunInconclusive?: number } = {}): Scenario {
  return {
    name: p.name ?? 'test-scenario',
    source: 'scenarios/test-scenario.yaml',
    topology: {
      name: 'ha-lan',
      source: 'topologies/ha-lan.yaml',
      networks: [{ name: 'lan', subnet: '10.77.0.0/24', gateway: '10.77.0.1', hub: true }],
      nodes: (['client', 'primary', 'standby', 'witness'] as const).map((role, i) => ({
        name: role, role, links: [{ network: 'lan', ip: `10.77.0.${10 + i}`, ifname: 'eth0', impair: undefined }], addresses: [], image: undefined, env: {}, cpuWeight: role === 'witness' || role === 'standby' ? 8192 : 1024,
      })),
    },
    service: { vip: '10.77.0.100', prefix: 24, network: 'lan', port: 7000, app: 'echo' },
    agent: p.agent ?? { kind: 'none' },
    traffic: p.traffic ?? [stream()],
    faults: p.faults ?? [],
    expect: p.expect ?? {},
    repeat: p.repeat ?? 1,
    rerunInconclusive: p.rerunInconclusive ?? 0,
    seed: 1,
    drainMs: 1000,
    capture: 'links',
  };
}

/** The injector's record of a fault applied at T0 + appliedMs. */
export function faultEvent(f: FaultSpec, appliedMs: number, verified = true): RunEvent {
  return {
    t: T0 + appliedMs, source: 'injector', kind: 'fault', fault: f.id, action: f.action.kind, targets: f.targets,
    scheduled: T0 + f.atMs, applied: T0 + appliedMs, verified, evidence: verified ? 'link down, container exited' : 'container still running',
  };
}

/** An agent event at T0 + atMs. */
export function agentEvent(node: string, kind: string, atMs: number): RunEvent {
  return { t: T0 + atMs, source: 'agent', node, kind };
}

/** Builds one generator's history.ndjson records, times as offsets from T0. */
export class History {
  readonly ops: Operation[] = [];
  constructor(readonly gen = 's1') {}

  connect(atMs: number, conn: number): this {
    this.ops.push({ t: T0 + atMs, gen: this.gen, kind: 'connect', conn, ms: 1 });
    return this;
  }

  sent(atMs: number, conn: number, seq: number, bytes = 100): this {
    this.ops.push({ t: T0 + atMs, gen: this.gen, kind: 'sent', conn, seq, bytes });
    return this;
  }

  verified(atMs: number, conn: number, seq: number, rttMs: number, bytes = 100): this {
    this.ops.push({ t: T0 + atMs, gen: this.gen, kind: 'verified', conn, seq, bytes, rttMs });
    return this;
  }

  /** A message sent at `sentMs` and verified `rttMs` later. */
  message(sentMs: number, conn: number, seq: number, rttMs = 2): this {
    return this.sent(sentMs, conn, seq).verified(sentMs + rttMs, conn, seq, rttMs);
  }

  /** Messages every 100 ms from `fromMs` (inclusive) to `toMs` (exclusive), seq counting from `seq`. */
  messages(fromMs: number, toMs: number, conn: number, seq: number, rttMs = 2): this {
    for (let t = fromMs; t < toMs; t += 100) this.message(t, conn, seq++, rttMs);
    return this;
  }

  error(atMs: number, conn: number, error: ErrorKind, detail: string, seq?: number): this {
    this.ops.push({ t: T0 + atMs, gen: this.gen, kind: 'error', conn, error, detail, ...(seq === undefined ? {} : { seq }) });
    return this;
  }

  reconnect(atMs: number, conn: number, afterMs: number): this {
    this.ops.push({ t: T0 + atMs, gen: this.gen, kind: 'reconnect', conn, afterMs });
    return this;
  }

  /** The `done` record with the totals of the records so far (or the ones given). */
  done(atMs: number, override: Partial<{ sent: number; verified: number; bytesSent: number; bytesVerified: number }> = {}): this {
    const sent = this.ops.filter((o) => o.kind === 'sent');
    const verified = this.ops.filter((o) => o.kind === 'verified');
    const bytes = (xs: Operation[]) => xs.reduce((s, o) => s + ('bytes' in o ? o.bytes : 0), 0);
    this.ops.push({ t: T0 + atMs, gen: this.gen, kind: 'done', sent: sent.length, verified: verified.length, bytesSent: bytes(sent), bytesVerified: bytes(verified), ...override });
    return this;
  }
}

/** A RunInput from T0 to T0 + durationMs. */
export function runInput(p: { scenario: Scenario; history: Operation[]; events?: RunEvent[]; durationMs?: number; inconclusive?: string[]; index?: number; runId?: string }): RunInput {
  const index = p.index ?? 0;
  return {
    runId: p.runId ?? `20261128-141500-${index + 1}`,
    index,
    seed: 1 + index,
    scenario: p.scenario,
    t0: T0,
    tEnd: T0 + (p.durationMs ?? 4000),
    history: p.history,
    events: [{ t: T0, source: 'runner', kind: 'traffic-start' } as RunEvent, ...(p.events ?? [])].sort((a, b) => a.t - b.t),
    inconclusive: p.inconclusive ?? [],
    environment: { kernel: '6.1.0-test', docker: '20.10.24', git: 'abc123', captures: `eth0:${100 + index}/0 dropped` },
  };
}

/** 10 messages over 1 s on one connection, no fault. */
export function uninterrupted(expect: Expectations = { continuity: true }): RunInput {
  const h = new History().connect(-10, 1).messages(0, 1000, 1, 0).done(1000);
  return runInput({ scenario: scenario({ expect }), history: h.ops, durationMs: 1000 });
}

/**
 * No failover: the primary crashes at 1000 (applied 1001) and restarts at 3000 (applied 3002);
 * its kernel resets the old connection at 3050 (seq 10 and 11 lost), the client reconnects at
 * 3150 and its messages flow again from 3200.
 */
export function crashNoFailover(expect: Expectations = { maxRecoverMs: 1000 }): RunInput {
  const f1 = fault('f1', 1000, { kind: 'crash' });
  const f2 = fault('f2', 3000, { kind: 'restart' });
  const h = new History().connect(-10, 1).messages(0, 1000, 1, 0)
    .sent(1000, 1, 10).sent(1100, 1, 11)
    .error(3050, 1, 'reset', 'conn 1 to 10.77.0.100:7000: ECONNRESET: read ECONNRESET')
    .error(3050, 1, 'gap', '2 outstanding on conn 1 when it broke (seq 10–11): lost, not resent', 10)
    .connect(3150, 2).reconnect(3150, 2, 100)
    .messages(3200, 4000, 2, 12).done(4000);
  return runInput({ scenario: scenario({ faults: [f1, f2], expect }), history: h.ops, events: [faultEvent(f1, 1001), faultEvent(f2, 3002)] });
}

/**
 * keepalived: the primary (VRRP master since before t0) crashes at 1000; the standby becomes
 * master at 2500; the client's old connection is reset at 2600 and it reconnects at `resumeMs`,
 * its messages flowing again from then.
 */
export function keepalivedReconnect(resumeMs = 2700, index = 0): RunInput {
  const f1 = fault('f1', 1000, { kind: 'crash' });
  const h = new History().connect(-10, 1).messages(0, 1000, 1, 0)
    .sent(1000, 1, 10).sent(1100, 1, 11)
    .error(2600, 1, 'reset', 'conn 1 to 10.77.0.100:7000: ECONNRESET')
    .error(2600, 1, 'gap', '2 outstanding on conn 1 when it broke (seq 10–11): lost, not resent', 10)
    .connect(resumeMs, 2).reconnect(resumeMs, 2, resumeMs - 2600)
    .messages(resumeMs, 4000, 2, 12).done(4000);
  const agent: AgentConfig = { kind: 'keepalived', advertIntMs: 1000, priorities: { primary: 150, standby: 100 }, preempt: true, virtualRouterId: 51 };
  return runInput({
    scenario: scenario({ name: 'crash-keepalived', agent, faults: [f1], expect: { maxRecoverMs: 6000 }, repeat: 3 }),
    history: h.ops,
    events: [agentEvent('standby', 'vrrp-backup', -500), agentEvent('primary', 'vrrp-master', -400), faultEvent(f1, 1000), agentEvent('standby', 'vrrp-master', 2500)],
    index,
  });
}

/**
 * hatcp: the primary crashes at 1000; the standby takes the connection over and answers seq 10
 * and 11 (sent during the outage) at `resumeMs`; the same connection carries on, nothing lost.
 */
export function hatcpTakeover(resumeMs = 1250, index = 0): RunInput {
  const f1 = fault('f1', 1000, { kind: 'crash' });
  const h = new History().connect(-10, 1).messages(0, 1000, 1, 0)
    .sent(1000, 1, 10).sent(1100, 1, 11)
    .verified(resumeMs, 1, 10, resumeMs - 1000).verified(resumeMs, 1, 11, resumeMs - 1100)
    .messages(resumeMs, 4000, 1, 12).done(4000);
  const agent: AgentConfig = { kind: 'hatcp', intervalMs: 50, misses: 3, witnessPolicy: 'safety', failback: 'never', garpCount: 3, garpSpacingMs: 20, tcpTakeover: true, mirror: true, cacheCapMiB: 64, key: undefined };
  return runInput({
    scenario: scenario({ name: 'crash-hatcp', agent, faults: [f1], expect: { continuity: true, maxStallMs: 1000 }, repeat: 3 }),
    history: h.ops,
    events: [agentEvent('primary', 'vip-up', -500), faultEvent(f1, 1000), agentEvent('standby', 'declared', 1150), agentEvent('standby', 'vip-up', resumeMs - 50)],
    index,
  });
}
