/** Turns a schema-valid scenario file and its resolved topology into the internal Scenario shape. */
import { nodesWithRole } from '../agents/roles.js';
import type { PathProblem } from '../topology/normalise.js';
import { parseCidr } from '../topology/ipv4.js';
import type { Topology } from '../topology/types.js';
import { normaliseFault } from './normalise-fault.js';
import type { ScenarioFile, TrafficFile } from './schema.js';
import type { FaultInFile } from './source.js';
import type { AgentConfig, Expectations, Scenario, TrafficSpec } from './types.js';
import { vipNetwork } from './vip.js';

/** The normalised scenario, how its faults were written, and what could not be filled in. */
export interface NormalisedScenario {
  scenario: Scenario;
  /** How each fault was written, by id. */
  faults: Map<string, FaultInFile>;
  /** Problems at file paths (defaults that cannot be inferred); the value is left empty there. */
  problems: PathProblem[];
}

/** Default VRRP priorities by role, as keepalived deployments usually set them. */
const DEFAULT_PRIORITY = { primary: 150, standby: 100 } as const;

/** Fills defaults that depend on the topology; orders faults by time and names them f1, f2, … */
export function normaliseScenario(file: ScenarioFile, topology: Topology, source: string | undefined): NormalisedScenario {
  const problems: PathProblem[] = [];
  const network = vipNetwork(topology, file.service.vip);
  // Ids follow the timeline (a stable sort keeps file order for faults at the same time).
  const order = file.faults
    .map((fault, index) => ({ fault, index }))
    .sort((a, b) => a.fault.at - b.fault.at)
    .map((entry, position) => ({ ...entry, id: `f${position + 1}` }));
  const scenario: Scenario = {
    name: file.name,
    source,
    topology,
    service: {
      vip: file.service.vip,
      prefix: (network && parseCidr(network.subnet)?.prefix) ?? 0,
      network: network?.name ?? '',
      port: file.service.port,
      app: file.service.app,
      ...(file.service.exec ? { exec: { command: file.service.exec.command, ...(file.service.exec.connect !== undefined ? { connect: file.service.exec.connect } : {}) } } : {}),
    },
    agent: normaliseAgent(file.agent, topology),
    traffic: file.traffic.map((spec, index) => normaliseTraffic(spec, index, topology, problems)),
    faults: order.map(({ fault, index, id }) => normaliseFault(fault, id, index, topology, problems)),
    expect: normaliseExpect(file.expect),
    repeat: file.repeat,
    rerunInconclusive: file.rerun_inconclusive,
    seed: file.seed,
    drainMs: file.drain,
    capture: file.capture,
  };
  const faults = new Map(order.map(({ fault, index, id }) => [id, { index, single: fault.target !== undefined }]));
  return { scenario, faults, problems };
}

function normaliseAgent(agent: ScenarioFile['agent'], topology: Topology): AgentConfig {
  switch (agent.kind) {
    case 'none':
      return { kind: 'none' };
    case 'keepalived': {
      const priorities: Record<string, number> = {};
      for (const node of topology.nodes) {
        if (node.role === 'primary' || node.role === 'standby') priorities[node.name] = DEFAULT_PRIORITY[node.role];
      }
      return {
        kind: 'keepalived',
        advertIntMs: agent.advert_int,
        priorities: { ...priorities, ...agent.priorities },
        preempt: agent.preempt,
        virtualRouterId: agent.virtual_router_id,
      };
    }
    case 'hatcp':
      return {
        kind: 'hatcp',
        intervalMs: agent.interval,
        misses: agent.misses,
        witnessPolicy: agent.witness_policy,
        failback: agent.failback,
        garpCount: agent.garp_count,
        garpSpacingMs: agent.garp_spacing,
        tcpTakeover: agent.tcp_takeover,
        mirror: agent.mirror,
        cacheCapMiB: agent.cache_cap,
        key: agent.key,
      };
  }
}

function normaliseTraffic(spec: TrafficFile, index: number, topology: Topology, problems: PathProblem[]): TrafficSpec {
  const common = {
    name: spec.name ?? `${spec.kind}${index + 1}`,
    from: spec.from ?? theClient(topology, ['traffic', index, 'from'], problems),
    startMs: spec.start,
    reconnect: spec.reconnect,
    stallTimeoutMs: spec.stall_timeout,
    connectTimeoutMs: spec.connect_timeout,
  };
  switch (spec.kind) {
    case 'stream':
      return { kind: 'stream', ...common, rate: spec.rate, size: spec.size, durationMs: spec.duration };
    case 'rpc':
      return { kind: 'rpc', ...common, rate: spec.rate, size: spec.size, concurrency: spec.concurrency, durationMs: spec.duration };
    case 'bulk':
      return { kind: 'bulk', ...common, bytes: spec.bytes, direction: spec.direction };
    case 'kv':
      return { kind: 'kv', ...common, rate: spec.rate, dialect: spec.dialect, durationMs: spec.duration };
    case 'lines':
      return { kind: 'lines', ...common, rate: spec.rate, durationMs: spec.duration };
  }
}

/** The only node with role client, the default `from`; a problem (and '') when there is none or several. */
function theClient(topology: Topology, path: PathProblem['path'], problems: PathProblem[]): string {
  const clients = nodesWithRole(topology, 'client');
  const [only] = clients;
  if (clients.length === 1 && only) return only;
  const names = topology.nodes.map((node) => node.name);
  problems.push({
    path,
    problem:
      clients.length === 0
        ? { message: `no node of topology ${topology.name} has role client, so the traffic needs a from`, hint: `add from: with one of ${names.join(', ')}` }
        : { message: `topology ${topology.name} has several clients (${clients.join(', ')}), so the traffic needs a from`, hint: `add from: ${clients[0]} (or another of ${clients.join(', ')})` },
  });
  return '';
}

function normaliseExpect(expect: ScenarioFile['expect']): Expectations {
  const result: Expectations = {};
  if (expect.continuity !== undefined) result.continuity = expect.continuity;
  if (expect.max_stall !== undefined) result.maxStallMs = expect.max_stall;
  if (expect.max_recover !== undefined) result.maxRecoverMs = expect.max_recover;
  return result;
}
