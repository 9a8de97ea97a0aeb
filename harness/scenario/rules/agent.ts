/** Rules about the failover agent and the roles it needs. */
import type { ConfigIssue } from '../../errors/hatcp-error.js';
import { issueAt } from '../../topology/rules/rule.js';
import { nodesWithRole } from '../../agents/roles.js';
import { faultPath, type ScenarioRule } from './rule.js';

/** The service runs on one primary: none means nowhere to serve, several means no single owner of the VIP. */
export const onePrimary: ScenarioRule = {
  name: 'one-primary',
  check(scenario, ctx) {
    const primaries = nodesWithRole(scenario.topology, 'primary');
    if (primaries.length === 1) return [];
    if (primaries.length === 0 && scenario.agent.kind !== 'none') return []; // failover-roles says it
    const message = primaries.length === 0
      ? `topology ${scenario.topology.name} has no node with role primary; the service runs on the primary`
      : `topology ${scenario.topology.name} has several primaries (${primaries.join(', ')}); the service runs on exactly one`;
    const hint = primaries.length === 0 ? 'give one node role: primary' : `keep role: primary on one of them and make the others standby`;
    return [issueAt(ctx, ['topology'], message, hint)];
  },
};

/** keepalived and hatcp move the VIP from a primary to a standby: they need both. */
export const failoverRoles: ScenarioRule = {
  name: 'failover-roles',
  check(scenario, ctx) {
    if (scenario.agent.kind === 'none') return [];
    const missing = (['primary', 'standby'] as const).filter((role) => nodesWithRole(scenario.topology, role).length === 0);
    if (missing.length === 0) return [];
    return [
      issueAt(
        ctx,
        ['agent', 'kind'],
        `${scenario.agent.kind} needs a primary and a standby: topology ${scenario.topology.name} has no ${missing.join(' and no ')}`,
        missing.length === 1 ? `give a node of the topology role: ${missing[0]}, or use kind: none` : 'give one node role: primary and another role: standby, or use kind: none',
      ),
    ];
  },
};

/** A priority for a node that does not run keepalived (only the primary and the standbys do). */
export const priorityOffVrrp: ScenarioRule = {
  name: 'priority-off-vrrp',
  check(scenario, ctx) {
    if (scenario.agent.kind !== 'keepalived') return [];
    const vrrp = [...nodesWithRole(scenario.topology, 'primary'), ...nodesWithRole(scenario.topology, 'standby')];
    return Object.keys(scenario.agent.priorities).flatMap((name): ConfigIssue[] => {
      const node = scenario.topology.nodes.find((n) => n.name === name);
      if (!node || vrrp.includes(name)) return []; // unknown nodes: unknown-node
      return [issueAt(ctx, ['agent', 'priorities', name], `${name} has role ${node.role} and does not run keepalived: only the primary and standby nodes do`, `remove ${name} from priorities`)];
    });
  },
};

/** agent-kill with no agent: there is no process to kill. */
export const agentKillWithoutAgent: ScenarioRule = {
  name: 'agent-kill-without-agent',
  check(scenario, ctx) {
    if (scenario.agent.kind !== 'none') return [];
    return scenario.faults
      .filter((fault) => fault.action.kind === 'agent-kill')
      .map((fault) =>
        issueAt(ctx, faultPath(fault, 'action'), 'no agent process runs with agent: none', 'use an agent (e.g. agent: { kind: keepalived }), or another action such as crash'),
      );
  },
};
