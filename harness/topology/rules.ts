/**
 * Cross-field rules, run on a normalised topology after the schema. Each rule is a pure function of
 * the topology and a context; fields are named by long-form model paths (`nodes.x.links.0.ip`) and
 * `ctx.place` turns them into the file's field name and line:column (see topology-source.ts).
 */
import { ConfigError, type ConfigIssue } from '../errors/hatcp-error.js';
import { placeOf, sourceOf, type TopologySource } from './topology-source.js';
import type { Topology } from './types.js';
import { duplicateIp, extraAddressConflict, ipIsReserved, ipOutsideSubnet } from './rules/address-rules.js';
import { jitterWithoutDelay, networkLinkedTwice, unknownNetwork } from './rules/link-rules.js';
import { gatewayNotUsable, monitorNotOnNetwork, subnetOverlap, subnetOverlapsDocker } from './rules/network-rules.js';
import { runRules, type ExistingNetwork, type Rule, type RuleContext, type RuleOptions } from './rules/rule.js';

export type { ExistingNetwork, Placer, Rule, RuleContext, RuleOptions } from './rules/rule.js';

/** All rules, in the order they run. */
export const RULES: readonly Rule[] = [
  unknownNetwork,
  networkLinkedTwice,
  ipOutsideSubnet,
  ipIsReserved,
  duplicateIp,
  gatewayNotUsable,
  monitorNotOnNetwork,
  subnetOverlap,
  subnetOverlapsDocker,
  extraAddressConflict,
  jitterWithoutDelay,
];

/** Runs every rule; issues are placed using the topology's recorded source (or `source`) and sorted by position. */
export function checkRules(topology: Topology, options: RuleOptions = {}, source: TopologySource | undefined = sourceOf(topology)): ConfigIssue[] {
  const ctx: RuleContext = {
    existingNetworks: options.existingNetworks ?? [],
    place: (modelPath) => placeOf(source, modelPath),
  };
  return runRules(RULES, topology, ctx);
}

/** Re-runs the rules against the engine's existing networks; throws one ConfigError listing every issue. */
export function validateAgainstDocker(topology: Topology, existingNetworks: readonly ExistingNetwork[]): void {
  const issues = checkRules(topology, { existingNetworks });
  if (issues.length > 0) throw new ConfigError(issues);
}
