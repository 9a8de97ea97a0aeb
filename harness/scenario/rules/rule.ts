/** What a scenario rule is, and helpers the scenario rules share. */
import type { PathKey } from '../../topology/field-docs.js';
import type { Placer, Rule } from '../../topology/rules.js';
import type { FaultSpec, Scenario } from '../types.js';

/** One named cross-field rule over a normalised scenario; `ctx.place` names model paths (see source.ts). */
export type ScenarioRule = Rule<Scenario, Placer>;

/** The names of the topology's nodes. */
export function nodeNames(scenario: Scenario): string[] {
  return scenario.topology.nodes.map((node) => node.name);
}

/** The model path of a fault's field: faults are named by id (see source.ts). */
export function faultPath(fault: FaultSpec, ...rest: PathKey[]): PathKey[] {
  return ['faults', fault.id, ...rest];
}
