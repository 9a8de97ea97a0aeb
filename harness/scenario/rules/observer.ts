/** Rules that keep the observer intact: the client runs the traffic and must see the whole run. */
import type { ConfigIssue } from '../../errors/hatcp-error.js';
import { issueAt } from '../../topology/rules/rule.js';
import { nodesWithRole } from '../../agents/roles.js';
import { faultPath, type ScenarioRule } from './rule.js';

/** Actions that leave the client able to observe: it keeps running, only its link changes. */
const OBSERVER_SAFE = new Set(['partition', 'impair']);

/** A crash, pause, restart… of a client node (role client, or a node running a generator). */
export const faultOnObserver: ScenarioRule = {
  name: 'fault-on-observer',
  check(scenario, ctx) {
    const observers = new Set([...nodesWithRole(scenario.topology, 'client'), ...scenario.traffic.map((spec) => spec.from)]);
    const servers = scenario.topology.nodes.map((node) => node.name).filter((name) => !observers.has(name));
    const issues: ConfigIssue[] = [];
    for (const fault of scenario.faults) {
      if (OBSERVER_SAFE.has(fault.action.kind)) continue;
      fault.targets.forEach((node, j) => {
        if (!observers.has(node)) return;
        issues.push(
          issueAt(
            ctx,
            faultPath(fault, 'targets', j),
            `${node} is the observer (it runs the traffic), so ${fault.action.kind} cannot target it: only partition and impair can`,
            servers.length > 0 ? `target a server node (${servers.join(', ')}), or use partition or impair on ${node}` : `use partition or impair on ${node}`,
          ),
        );
      });
    }
    return issues;
  },
};
