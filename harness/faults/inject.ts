import { readFile } from 'node:fs/promises';
import { docker } from '../backends/docker/client.js';
import type { AgentContext, AgentPlugin, Effect } from '../agents/plugin.js';
import type { IpBatch } from '../host/ip-batch.js';
import type { NftSession } from '../host/nft-session.js';
import type { TcSession } from '../host/tc-session.js';
import type { Lab } from '../lab/lab.js';
import { lossChain, lossCommands, lossTable, nodeImpairCommands } from '../links/impair-commands.js';
import { containerFreezer } from '../host/freezer.js';
import { now } from './clock.js';
import { reap } from './reap.js';
import { dropCounters, healCommands, partitionChain, partitionCommands, partitionTable, type PartitionLinks } from './partition.js';
import type { FaultStep } from './timeline.js';

/** What the injector needs: the lab, the agent (for agent-kill and restarts), and hooks for restarts. */
export interface InjectContext {
  lab: Lab;
  agent: AgentPlugin;
  agentContext: AgentContext;
  /** Called after a node came back with new veths (the runner restarts its capture). */
  onRestarted(node: string): Promise<void>;
  /** A ready `ip -batch`, so that cutting a link is immediate. */
  ip: IpBatch;
  /** A ready `nft -i`, so that a partition or a loss rule is immediate. */
  nft: NftSession;
  /** A ready `tc -batch` in a node's network namespace (started on first use). */
  tc(node: string): Promise<TcSession>;
  /** Nodes crashed and not restarted: only a restart (or a partition of their links) applies to them. */
  crashed: ReadonlySet<string>;
}

/** The outcome of one step: when it took effect on the host clock, and the evidence that it did. */
export interface StepOutcome extends Effect {
  applied: number;
}

/** Applies one timeline step to each target and checks that it took effect. */
export async function applyStep(ctx: InjectContext, step: FaultStep): Promise<StepOutcome> {
  const outcomes = await Promise.all(step.targets.map((t) => applyToNode(ctx, step, t)));
  return {
    applied: Math.max(...outcomes.map((o) => o.applied)),
    verified: outcomes.every((o) => o.verified),
    evidence: outcomes.map((o, i) => `${step.targets[i]}: ${o.evidence}`).join('; '),
  };
}

async function applyToNode(ctx: InjectContext, step: FaultStep, node: string): Promise<StepOutcome> {
  const { lab } = ctx;
  const a = step.action;
  const container = docker().getContainer(lab.node(node).containerId);
  const failed = (evidence: string): StepOutcome => ({ applied: now(), verified: false, evidence });
  try {
    if (step.revert) return await revert(ctx, step, node);
    if (ctx.crashed.has(node) && a.kind !== 'restart' && a.kind !== 'partition' && a.kind !== 'heal') {
      return failed(`${node} is crashed: its processes are held by the crash's freezer behind cut links until a restart, so a ${a.kind} cannot take effect`);
    }
    switch (a.kind) {
      case 'crash': {
        // Fail-stop: the links go down first, so nothing the node's kernel sends (FIN, RST,
        // retransmissions) leaves it; then every process stops where it is (freezer, ~1 ms). The
        // kill and Docker's teardown wait for `reap` (1 s later, or before a restart; see run-once):
        // they cost the shared kernel ~100 ms of CPU and rtnl lock, right when the peers take
        // over, which a real host's death does not put on them.
        const links = lab.node(node).links;
        await ctx.ip.linksDown(links.map((l) => l.hostIf));
        const applied = now();
        const states = await Promise.all(links.map((l) => readFile(`/sys/class/net/${l.hostIf}/operstate`, 'utf8').then((s) => s.trim(), () => 'gone')));
        const freezer = containerFreezer(lab.node(node).containerId);
        if (!freezer) return failed('no cgroup freezer found for the container (cgroupfs driver expected), so its processes cannot be stopped at the crash');
        await freezer.freeze();
        const frozen = await freezer.frozen();
        const cut = states.every((s) => s === 'down');
        return { applied, verified: cut && frozen, evidence: `links ${links.map((l, i) => `${l.hostIf}=${states[i]}`).join(',')}; processes ${frozen ? 'frozen' : 'NOT frozen'} (killed 1 s later, or before a restart)` };
      }
      case 'restart': {
        await reap(lab.node(node).containerId);
        await lab.restart(node);
        const applied = now();
        await ctx.onRestarted(node);
        // Later steps wait for the agent to be back: a restart is over when the node serves again.
        const back = await ctx.agent.restartNode(ctx.agentContext, node);
        const info = await container.inspect();
        return { applied, verified: info.State.Running, evidence: `container running=${info.State.Running}; links ${lab.node(node).links.map((l) => l.hostIf).join(',')}${back ? `; agent back ${Math.round(now() - applied)} ms later (${back})` : ''}` };
      }
      case 'pause': {
        const freezer = containerFreezer(lab.node(node).containerId);
        if (!freezer) return failed('no cgroup freezer found for the container (cgroupfs driver expected)');
        await freezer.freeze();
        const applied = now();
        const frozen = await freezer.frozen();
        return { applied, verified: frozen, evidence: `cgroup freezer: ${frozen ? 'frozen' : 'NOT frozen'}` };
      }
      case 'resume':
        return await resume(lab, node);
      case 'partition': {
        const links: PartitionLinks = {
          target: lab.node(node).links.map((l) => l.hostIf),
          peers: a.peers.flatMap((p) => lab.node(p).links.map((l) => l.hostIf)),
          direction: a.direction,
        };
        const r = await ctx.nft.apply(partitionCommands(lab.topology.name, node, links), partitionTable(lab.topology.name));
        const applied = now();
        const cut = dropCounters(r.listing, partitionChain(node));
        const expected = links.target.length * links.peers.length * (a.direction === 'both' ? 2 : 1);
        return {
          applied,
          verified: r.ok && cut.rules === expected,
          evidence: r.ok ? `${cut.rules} bridge drop rules between ${node} and ${a.peers.join(',')} (${a.direction})` : r.error,
        };
      }
      case 'heal':
        return await heal(ctx, node);
      case 'agent-kill': {
        const effect = await ctx.agent.kill(ctx.agentContext, node);
        return { verified: effect.verified, evidence: effect.evidence, applied: effect.at ?? now() };
      }
      case 'impair': {
        const link = lab.node(node).links.find((l) => l.network === a.network);
        if (!link) return failed(`no link on network ${a.network}`);
        const shaped = await (await ctx.tc(node)).apply(nodeImpairCommands(link.ifname, a.impair).map((c) => c.slice(1)), link.ifname);
        if (!shaped.ok) return failed(`tc: ${shaped.error}`);
        let loss = '';
        if (a.impair.lossPercent !== undefined) {
          const table = `netdev ${lossTable(lab.topology.name)}`;
          const r = await ctx.nft.apply(lossCommands(lab.topology.name, node, link.hostIf, a.impair.lossPercent), table);
          if (!r.ok) return failed(`loss rule: ${r.error}`);
          loss = `; loss ${a.impair.lossPercent}% on ${link.hostIf}`;
        }
        return { applied: now(), verified: true, evidence: `qdisc: ${shaped.qdiscs.split('\n')[0] ?? ''}${loss}` };
      }
    }
  } catch (error) {
    return failed(`failed: ${(error as Error).message}`);
  }
}

async function resume(lab: Lab, node: string): Promise<StepOutcome> {
  const freezer = containerFreezer(lab.node(node).containerId);
  if (!freezer || !(await freezer.frozen())) return { applied: now(), verified: false, evidence: `${node} is not paused: nothing to resume` };
  await freezer.thaw();
  const applied = now();
  const frozen = await freezer.frozen();
  return { applied, verified: !frozen, evidence: `cgroup freezer: ${frozen ? 'still frozen' : 'thawed'}` };
}

async function heal(ctx: InjectContext, node: string): Promise<StepOutcome> {
  const { lab, nft } = ctx;
  const table = partitionTable(lab.topology.name);
  const chain = partitionChain(node);
  const before = dropCounters((await nft.apply([], table)).listing, chain);
  if (!before.present) return { applied: now(), verified: false, evidence: `${node} is not partitioned: nothing to heal` };
  const r = await nft.apply(healCommands(lab.topology.name, node), table);
  const applied = now();
  const left = dropCounters(r.listing, chain);
  return { applied, verified: r.ok && !left.present, evidence: r.ok ? `partition removed; it had dropped ${before.packets} frames` : r.error };
}

/** Reverts a timed fault: resume a pause, heal a partition, clear an impairment. */
async function revert(ctx: InjectContext, step: FaultStep, node: string): Promise<StepOutcome> {
  const { lab } = ctx;
  const a = step.action;
  switch (a.kind) {
    case 'pause':
      return resume(lab, node);
    case 'partition':
      return heal(ctx, node);
    case 'impair': {
      const link = lab.node(node).links.find((l) => l.network === a.network)!;
      const cleared = await (await ctx.tc(node)).apply([['qdisc', 'del', 'dev', link.ifname, 'root']], link.ifname);
      const table = `netdev ${lossTable(lab.topology.name)}`;
      const chain = `${table} ${lossChain(node, link.hostIf)}`;
      const loss = a.impair.lossPercent === undefined ? undefined : await ctx.nft.apply([`flush chain ${chain}`, `delete chain ${chain}`], table);
      const applied = now();
      const problems = [...(cleared.ok ? [] : [`tc: ${cleared.error}`]), ...(loss && !loss.ok ? [`loss rule: ${loss.error}`] : [])];
      return { applied, verified: problems.length === 0, evidence: problems.length === 0 ? `impairment cleared; qdisc: ${cleared.qdiscs.split('\n')[0] ?? ''}` : problems.join('; ') };
    }
    default:
      return { applied: now(), verified: false, evidence: `${a.kind} has no automatic revert` };
  }
}
