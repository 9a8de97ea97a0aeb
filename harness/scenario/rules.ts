/**
 * Cross-field rules, run on a normalised scenario after the schema. Each is a pure function of the
 * scenario and a placer; fields are model paths (see source.ts), placed at the file's line:column.
 */
import type { ConfigIssue } from '../errors/hatcp-error.js';
import { runRules } from '../topology/rules/rule.js';
import { agentKillWithoutAgent, failoverRoles, onePrimary, priorityOffVrrp } from './rules/agent.js';
import { expectationWithoutFault } from './rules/expect.js';
import { impairLink, partitionPeers } from './rules/faults.js';
import { healWithoutPartition, restartWithoutCrash, resumeWithoutPause } from './rules/node-state.js';
import { unknownNode } from './rules/nodes.js';
import { faultOnObserver } from './rules/observer.js';
import type { ScenarioRule } from './rules/rule.js';
import { execProgram, serverOffVipNetwork, vipCollides, vipOutsideNetworks } from './rules/service.js';
import { faultAfterTraffic, faultBeforeTraffic } from './rules/timing.js';
import { duplicateTrafficName, trafficAppMismatch, trafficNeedsApp } from './rules/traffic.js';
import { placeInScenario, scenarioSourceOf, type ScenarioSource } from './source.js';
import type { Scenario } from './types.js';

export type { ScenarioRule } from './rules/rule.js';

/** All rules, in the order they run. */
export const SCENARIO_RULES: readonly ScenarioRule[] = [
  unknownNode,
  vipOutsideNetworks,
  vipCollides,
  serverOffVipNetwork,
  execProgram,
  onePrimary,
  failoverRoles,
  priorityOffVrrp,
  duplicateTrafficName,
  trafficAppMismatch,
  trafficNeedsApp,
  faultBeforeTraffic,
  faultAfterTraffic,
  restartWithoutCrash,
  resumeWithoutPause,
  healWithoutPartition,
  faultOnObserver,
  agentKillWithoutAgent,
  partitionPeers,
  impairLink,
  expectationWithoutFault,
];

/** Runs every rule; issues are placed using the scenario's recorded source (or `source`) and sorted by position. */
export function checkScenarioRules(scenario: Scenario, source: ScenarioSource | undefined = scenarioSourceOf(scenario)): ConfigIssue[] {
  return runRules(SCENARIO_RULES, scenario, { place: (modelPath) => placeInScenario(source, modelPath) });
}
