import { readFile } from 'node:fs/promises';
import { docker } from '../backends/docker/client.js';
import type { AgentContext, AgentPlugin, Effect } from '../agents/plugin.js';
import { run } from '../host/run.js';
import type { Lab } from '../lab/lab.js';
import { lossRuleset, lossTable, nodeImpairCommands } from '../links/impair-commands.js';
import { now } from './clock.js';
import type { FaultStep } from './timeline.js';

/** What the injector needs: the lab, the agent (for agent-kill and restarts), and hooks for restarts. */
export interface InjectContext {
  lab: Lab;
  agent: AgentPlugin;
  agentContext: AgentContext;
  /** Called after a node came back with new veths (the runner restarts its capture). */
  onRestarted(node: string): Promise<void>;
}

/** The outcome of one step: when it took effect on the host clock, and the evidence that it did. */
export interface StepOutcome extends Effect {
  applied: number;
}

const PARTITION_TABLE = 'hatcp_partition';

/** Runs `cmd` inside a node's network namespace from the host (works while the node is paused). */
async function inNetns(lab: Lab, node: string, cmd: string, args: string[], input?: string) {
  const pid = await lab.pid(node);
  return run('nsenter', ['-t', String(pid), '-n', cmd, ...args], input === undefined ? {} : { input });
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
    switch (a.kind) {
      case 'crash': {
        // Fail-stop: the link goes down first, so nothing the dying kernel sends (FIN, RST) leaves the node.
        const links = lab.node(node).links;
        const downs = await Promise.all(links.map((l) => run('ip', ['link', 'set', 'dev', l.hostIf, 'down'])));
        const applied = now();
        const states = await Promise.all(links.map((l) => readFile(`/sys/class/net/${l.hostIf}/operstate`, 'utf8').then((s) => s.trim(), () => 'gone')));
        await container.kill({ signal: 'SIGKILL' });
        const info = await container.inspect();
        const cut = downs.every((d) => d.ok) && states.every((s) => s === 'down');
        return { applied, verified: cut && !info.State.Running, evidence: `links ${links.map((l, i) => `${l.hostIf}=${states[i]}`).join(',')}; container running=${info.State.Running}` };
      }
      case 'restart': {
        await lab.restart(node);
        const applied = now();
        await ctx.onRestarted(node);
        await ctx.agent.restartNode(ctx.agentContext, node);
        const info = await container.inspect();
        return { applied, verified: info.State.Running, evidence: `container running=${info.State.Running}; links ${lab.node(node).links.map((l) => l.hostIf).join(',')}` };
      }
      case 'pause': {
        await container.pause();
        const applied = now();
        const info = await container.inspect();
        return { applied, verified: info.State.Paused, evidence: `container paused=${info.State.Paused}` };
      }
      case 'resume':
        return await resume(container);
      case 'partition': {
        const peers = a.peers.flatMap((p) => lab.node(p).links.map((l) => l.ip));
        const set = `{ ${peers.join(', ')} }`;
        const rules = [
          `table inet ${PARTITION_TABLE} {`,
          '  chain in { type filter hook input priority -300; policy accept;',
          a.direction !== 'out' ? `    ip saddr ${set} drop` : '',
          '  }',
          '  chain out { type filter hook output priority -300; policy accept;',
          a.direction !== 'in' ? `    ip daddr ${set} drop` : '',
          '  }',
          '}',
          '',
        ].join('\n');
        const r = await inNetns(lab, node, 'nft', ['-f', '-'], rules);
        const applied = now();
        const listed = await inNetns(lab, node, 'nft', ['list', 'table', 'inet', PARTITION_TABLE]);
        const drops = (listed.stdout.match(/ drop/g) ?? []).length;
        return { applied, verified: r.ok && drops === (a.direction === 'both' ? 2 : 1), evidence: r.ok ? `${drops} drop rules for ${peers.join(',')}` : r.stderr.trim() };
      }
      case 'heal':
        return await heal(lab, node);
      case 'agent-kill': {
        const effect = await ctx.agent.kill(ctx.agentContext, node);
        return { ...effect, applied: now() };
      }
      case 'impair': {
        const link = lab.node(node).links.find((l) => l.network === a.network);
        if (!link) return failed(`no link on network ${a.network}`);
        const cmds = nodeImpairCommands(link.ifname, a.impair);
        for (const c of cmds) {
          const r = await inNetns(lab, node, c[0]!, c.slice(1));
          if (!r.ok) return failed(`${c.join(' ')}: ${r.stderr.trim()}`);
        }
        if (a.impair.lossPercent !== undefined) {
          const r = await run('nft', ['-f', '-'], { input: lossRuleset(lab.topology.name, node, link.hostIf, a.impair.lossPercent) });
          if (!r.ok) return failed(`loss rule: ${r.stderr.trim()}`);
        }
        const applied = now();
        const q = await inNetns(lab, node, 'tc', ['qdisc', 'show', 'dev', link.ifname]);
        return { applied, verified: true, evidence: `qdisc: ${q.stdout.trim().split('\n')[0] ?? ''}${a.impair.lossPercent !== undefined ? `; loss ${a.impair.lossPercent}% on ${link.hostIf}` : ''}` };
      }
    }
  } catch (error) {
    return failed(`failed: ${(error as Error).message}`);
  }
}

async function resume(container: ReturnType<ReturnType<typeof docker>['getContainer']>): Promise<StepOutcome> {
  await container.unpause();
  const applied = now();
  const info = await container.inspect();
  return { applied, verified: !info.State.Paused, evidence: `container paused=${info.State.Paused}` };
}

async function heal(lab: Lab, node: string): Promise<StepOutcome> {
  const r = await inNetns(lab, node, 'nft', ['delete', 'table', 'inet', PARTITION_TABLE]);
  const applied = now();
  const left = await inNetns(lab, node, 'nft', ['list', 'table', 'inet', PARTITION_TABLE]);
  return { applied, verified: !left.ok, evidence: r.ok ? 'partition rules removed' : `nothing to heal: ${r.stderr.trim()}` };
}

/** Reverts a timed fault: resume a pause, heal a partition, clear an impairment. */
async function revert(ctx: InjectContext, step: FaultStep, node: string): Promise<StepOutcome> {
  const { lab } = ctx;
  const a = step.action;
  switch (a.kind) {
    case 'pause':
      return resume(docker().getContainer(lab.node(node).containerId));
    case 'partition':
      return heal(lab, node);
    case 'impair': {
      const link = lab.node(node).links.find((l) => l.network === a.network)!;
      await inNetns(lab, node, 'tc', ['qdisc', 'del', 'dev', link.ifname, 'root']);
      await run('nft', ['delete', 'chain', 'netdev', lossTable(lab.topology.name), `${node.replace(/-/g, '_')}_${link.hostIf}`]);
      return { applied: now(), verified: true, evidence: 'impairment cleared' };
    }
    default:
      return { applied: now(), verified: false, evidence: `${a.kind} has no automatic revert` };
  }
}
