/** Rules about the settings of single faults: partition peers, impaired links. */
import type { ConfigIssue } from '../../errors/hatcp-error.js';
import { issueAt } from '../../topology/rules/rule.js';
import { jitterWithoutDelayProblem } from '../../topology/rules/link-rules.js';
import { faultPath, type ScenarioRule } from './rule.js';

/** A partition whose peers include one of its targets, or that leaves no peer at all. */
export const partitionPeers: ScenarioRule = {
  name: 'partition-peers',
  check(scenario, ctx) {
    return scenario.faults.flatMap((fault): ConfigIssue[] => {
      if (fault.action.kind !== 'partition') return [];
      if (fault.action.peers.length === 0) {
        return [issueAt(ctx, faultPath(fault, 'targets'), `${fault.targets.join(', ')} cannot be cut off from anything: no other node is left as a peer`, 'add nodes to the topology, or remove this partition')];
      }
      return fault.action.peers.flatMap((peer, j): ConfigIssue[] =>
        fault.targets.includes(peer)
          ? [issueAt(ctx, faultPath(fault, 'peers', j), `${peer} is a target of this partition and cannot also be its peer`, `remove ${peer} from peers`)]
          : [],
      );
    });
  },
};

/** An impair fault: the network is one each target is on, and the impairment is possible. */
export const impairLink: ScenarioRule = {
  name: 'impair-link',
  check(scenario, ctx) {
    return scenario.faults.flatMap((fault): ConfigIssue[] => {
      const action = fault.action;
      if (action.kind !== 'impair') return [];
      const issues: ConfigIssue[] = [];
      if (Object.keys(action.impair).length === 0) {
        issues.push(issueAt(ctx, faultPath(fault, 'impair'), 'sets no impairment', 'give rate, loss, delay or jitter, e.g. impair: { loss: 1% }'));
      }
      const jitter = jitterWithoutDelayProblem(action.impair);
      if (jitter) issues.push(issueAt(ctx, faultPath(fault, 'impair', 'jitter'), jitter.message, jitter.hint));
      if (action.network === '') return issues; // could not be inferred: reported while normalising
      for (const name of fault.targets) {
        const node = scenario.topology.nodes.find((n) => n.name === name);
        if (!node || node.links.some((link) => link.network === action.network)) continue;
        issues.push(
          issueAt(ctx, faultPath(fault, 'network'), `${name} has no link on ${action.network} (it is on ${node.links.map((l) => l.network).join(', ')})`, `use network: ${node.links[0]?.network ?? 'lan'}, or target a node on ${action.network}`),
        );
      }
      return issues;
    });
  },
};
