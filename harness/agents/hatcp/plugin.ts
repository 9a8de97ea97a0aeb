import { randomBytes } from 'node:crypto';
import type { MembershipConfig } from '../../../agent/membership/config.js';
import type { AgentFileConfig } from '../../../agent/shell/agent-config.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { lostAfterMs } from '../../../agent/membership/timing.js';
import { readFromContainer, readLiveFile } from '../../backends/docker/files.js';
import { DEPLOY_DIR } from '../../backends/docker/nodes.js';
import { HatcpError } from '../../errors/hatcp-error.js';
import type { RunEvent } from '../../history/types.js';
import { killNamed } from '../../host/container-procs.js';
import type { Lab } from '../../lab/lab.js';
import type { AgentConfig, Scenario } from '../../scenario/types.js';
import type { AgentContext, AgentPlugin } from '../plugin.js';
import { readLogs } from '../app.js';
import { nodesWithRole, roleOf } from '../roles.js';
import { restartVerdict, settleVerdict, type AgentLine, type SettleVerdict } from './settle.js';

type HatcpConfig = Extract<AgentConfig, { kind: 'hatcp' }>;

const CONFIG_FILE = '/etc/hatcp/agent.json';
const EVENTS_FILE = '/var/log/hatcp-agent-events';
const LOG_FILE = '/var/log/hatcp-agent.log';
const AGENT_MAIN = `${DEPLOY_DIR}/dist/agent/main.js`;
/**
 * V8 starts the agent's old generation with a limit just above its ~10 MiB of live objects (the
 * serve.js echo server has 4); the socket buffers of a relayed bulk then kept it at the limit and
 * V8 ran a mark-compact every ~40 MB relayed: 434 while echoing 16 GiB on loopback, 7.9 s of user
 * CPU against 2.1 s with this flag, which started none. On the testbed, V8's marker and sweeper
 * topped the serving agent's profile under a bulk (perf). Memory grows only by what stays alive.
 */
const AGENT_NODE_FLAGS = '--initial-old-space-size=64';
/** The ownership channel: an administratively scoped multicast group on the service LAN. */
export const GROUP = '239.255.77.1';
export const PORT = 7707;

/** The cluster key of each lab: the scenario's, or a fresh random one per run. */
const keys = new WeakMap<Lab, string>();

function config(scenario: Scenario): HatcpConfig {
  if (scenario.agent.kind !== 'hatcp') throw new HatcpError('hatcp plug-in used for another agent kind');
  return scenario.agent;
}

/** The nodes that run the agent: every primary, standby and witness. */
export function agentNodes(lab: Lab): string[] {
  return lab.topology.nodes.filter((n) => n.role === 'primary' || n.role === 'standby' || n.role === 'witness').map((n) => n.name);
}

/** One node's agent configuration, from the scenario and the lab. */
export function agentFileConfig(lab: Lab, scenario: Scenario, node: string, key: string): AgentFileConfig {
  const a = config(scenario);
  const service = scenario.service;
  const link = lab.node(node).links.find((l) => l.network === service.network);
  if (!link) throw new HatcpError(`node ${node} has no link on ${service.network}, the network of the VIP`);
  const role = roleOf(lab.topology, node);
  const membership: MembershipConfig = {
    self: node,
    clusterId: scenario.name,
    nodes: agentNodes(lab).map((id) => ({ id, role: roleOf(lab.topology, id) })),
    intervalMs: a.intervalMs,
    misses: a.misses,
    witnessPolicy: a.witnessPolicy,
    owned: role === 'primary' ? [{ ip: service.vip, prefix: service.prefix }] : [],
    mac: link.mac,
    failoverPolicy: role === 'primary' ? nodesWithRole(lab.topology, 'standby') : [],
    failback: a.failback,
    arp: { garpCount: a.garpCount, garpSpacingMs: a.garpSpacingMs },
    ports: [{ from: service.port, to: service.port }],
    application: service.app,
    tcpTakeover: a.tcpTakeover,
  };
  // Primary and standby serve the application themselves: the agent is its TCP front, so a rebuilt connection lands in it.
  const serves = role === 'primary' || role === 'standby';
  return {
    membership, key, group: GROUP, port: PORT, ifname: link.ifname, localIp: link.ip, eventsFile: EVENTS_FILE,
    ...(serves ? { service: { app: service.app, port: service.port, ...(service.exec ? { exec: service.exec } : {}) } } : {}),
    ...(serves && !a.mirror ? { mirror: false } : {}),
    ...(role === 'witness' ? { cacheCapBytes: a.cacheCapMiB * 1024 * 1024 } : {}),
  };
}

/** The lines of an agent's events file. */
function parseEvents(text: string): (AgentLine & { epoch?: number })[] {
  return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as AgentLine & { epoch?: number });
}

/** The complete lines of an events file its agent may be writing: a line not yet ended is left for the next read. */
function parseLiveEvents(text: string): AgentLine[] {
  return parseEvents(text.slice(0, text.lastIndexOf('\n') + 1));
}

/** How often the events files are read while waiting for the cluster. */
const POLL_MS = 50;
/** How long a started cluster (or a restarted node's agent) may take to settle. */
const SETTLE_TIMEOUT_MS = 30_000;

/** Polls the running nodes' events files until `verdict` is settled; its detail, or a HatcpError saying what it still waited for. */
async function waitFor(lab: Lab, nodes: string[], what: string, verdict: (lines: Map<string, AgentLine[]>) => SettleVerdict): Promise<string> {
  const pids = new Map(await Promise.all(nodes.map(async (n) => [n, await lab.pid(n)] as const)));
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const lines = new Map(await Promise.all(nodes.map(async (n) => [n, parseLiveEvents(await readLiveFile(pids.get(n)!, EVENTS_FILE))] as const)));
    const v = verdict(lines);
    if (v.settled) return v.detail;
    if (Date.now() > deadline) throw new HatcpError(`${what} within ${SETTLE_TIMEOUT_MS / 1000} s: still waiting for ${v.waiting}`, { hint: 'what it waits for never came: the events and log of the node it names say why' });
    await sleep(POLL_MS);
  }
}

/**
 * Waits until the freshly started cluster is at rest (see settle.ts): every agent booted and
 * hearing every other, the primary alone holding the VIP, the witnesses capturing, and no unrest
 * for a while — ten heartbeats, or a whole detection time if that is longer.
 */
function settle(lab: Lab, scenario: Scenario): Promise<string> {
  const a = config(scenario);
  const nodes = agentNodes(lab);
  const roles = nodes.map((name) => ({ name, role: roleOf(lab.topology, name) }));
  const quietMs = Math.max(10 * a.intervalMs, lostAfterMs(a));
  return waitFor(lab, nodes, 'the hatcp cluster did not settle', (lines) => settleVerdict({
    events: [...lines.values()].flat(), now: Date.now(), nodes: roles, primary: nodesWithRole(lab.topology, 'primary')[0]!,
    vip: scenario.service.vip, quietMs, capture: a.tcpTakeover,
  }));
}

async function startOn(lab: Lab, scenario: Scenario, node: string): Promise<void> {
  const file = JSON.stringify(agentFileConfig(lab, scenario, node, keys.get(lab)!), null, 2);
  // The file holds the cluster key: readable by root only.
  const script = `mkdir -p /etc/hatcp
umask 077
cat > ${CONFIG_FILE} <<'HATCP_EOF'
${file}
HATCP_EOF
nohup node ${AGENT_NODE_FLAGS} ${AGENT_MAIN} ${CONFIG_FILE} >>${LOG_FILE} 2>&1 </dev/null &
sleep 0.3; kill -0 $! 2>/dev/null || { tail -n 15 ${LOG_FILE} >&2; exit 1; }`;
  const r = await lab.exec(node, ['sh', '-c', script]);
  if (r.exitCode !== 0) throw new HatcpError(`hatcp-agent did not start on ${node}: ${r.stderr.trim()}`, { hint: `see ${LOG_FILE} in the node` });
}

/** The hatcp agent: ownership protocol over authenticated multicast, takeover confirmed by the witness. */
export const hatcpAgent: AgentPlugin = {
  kind: 'hatcp',
  async start({ lab, scenario }: AgentContext) {
    keys.set(lab, config(scenario).key ?? randomBytes(32).toString('hex'));
    await Promise.all(agentNodes(lab).map((n) => startOn(lab, scenario, n)));
    // Traffic must not start before the witness snoops it (a connection whose handshake it missed
    // cannot be rebuilt), nor faults land in the agents' boot-time turmoil.
    return await settle(lab, scenario);
  },
  async restartNode({ lab, scenario }, node) {
    if (!agentNodes(lab).includes(node)) return;
    // The events file outlives the restart: what the new agent says comes after what is there.
    const before = parseLiveEvents(await readLiveFile(await lab.pid(node), EVENTS_FILE)).length;
    await startOn(lab, scenario, node);
    const role = roleOf(lab.topology, node);
    return await waitFor(lab, [node], `the hatcp agent on ${node} was not back`, (lines) => restartVerdict(lines.get(node)!.slice(before), role, config(scenario).tcpTakeover));
  },
  async kill({ lab }, node) {
    const { killed, left, at } = await killNamed(lab.node(node).containerId, { cmdline: AGENT_MAIN });
    if (killed.length === 0) return { verified: false, evidence: 'no hatcp-agent process was running' };
    return { at, verified: left.length === 0, evidence: left.length === 0 ? `SIGKILL to hatcp-agent (host pid ${killed.join(',')}); none left` : `still running: host pids ${left.join(',')}` };
  },
  async events({ lab }) {
    const all = await Promise.all(agentNodes(lab).map(async (node): Promise<RunEvent[]> => {
      const text = await readFromContainer(lab.node(node).containerId, EVENTS_FILE);
      return parseEvents(text).map((e) => ({ t: e.t, source: 'agent' as const, node: e.node, kind: e.kind, detail: e.detail, ...(e.epoch !== undefined ? { epoch: e.epoch } : {}) }));
    }));
    return all.flat();
  },
  logs({ lab }) {
    return readLogs(lab, agentNodes(lab), [LOG_FILE]);
  },
};
