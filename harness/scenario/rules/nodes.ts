/** Rules about node names: every name the scenario uses is a node of its topology. */
import type { ConfigIssue } from '../../errors/hatcp-error.js';
import type { PathKey } from '../../topology/field-docs.js';
import { issueAt, useOneOf } from '../../topology/rules/rule.js';
import { faultPath, nodeNames, type ScenarioRule } from './rule.js';

/** traffic.from, fault targets and peers, and keepalived priorities name nodes that exist. */
export const unknownNode: ScenarioRule = {
  name: 'unknown-node',
  check(scenario, ctx) {
    const names = nodeNames(scenario);
    const uses: { name: string; path: PathKey[] }[] = [
      ...scenario.traffic.map((spec, index) => ({ name: spec.from, path: ['traffic', index, 'from'] })),
      ...scenario.faults.flatMap((fault) => [
        ...fault.targets.map((name, j) => ({ name, path: faultPath(fault, 'targets', j) })),
        ...(fault.action.kind === 'partition' ? fault.action.peers.map((name, j) => ({ name, path: faultPath(fault, 'peers', j) })) : []),
      ]),
      ...(scenario.agent.kind === 'keepalived' ? Object.keys(scenario.agent.priorities).map((name) => ({ name, path: ['agent', 'priorities', name] })) : []),
    ];
    return uses
      .filter(({ name }) => name !== '' && !names.includes(name)) // '' = a default that could not be filled, reported already
      .map(({ name, path }): ConfigIssue =>
        issueAt(ctx, path, `${name} is not a node of topology ${scenario.topology.name} (it has ${names.join(', ')})`, useOneOf(names)),
      );
  },
};
