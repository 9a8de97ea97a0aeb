/** Schema, topology, normalisation and rules: a raw scenario (and its resolved topology file) in, a Scenario out. */
import { ConfigError, HatcpError, type ConfigIssue } from '../errors/hatcp-error.js';
import { sortIssues } from '../topology/issue-order.js';
import { completeTopology } from '../topology/load.js';
import type { SourceLocations } from '../topology/source-locations.js';
import type { Topology } from '../topology/types.js';
import { configIssuesFromZod } from '../topology/zod-issues.js';
import { SCENARIO_GUIDE } from './guide.js';
import { normaliseScenario } from './normalise.js';
import { checkScenarioRules } from './rules.js';
import { scenarioFileSchema } from './schema.js';
import { rememberScenarioSource, type ScenarioSource } from './source.js';
import type { TopologyRef } from './topology-ref.js';
import type { Scenario } from './types.js';

/** Where a scenario being checked comes from. */
export interface ScenarioOrigin {
  /** The file, or a label such as `<code>`; becomes `source`. */
  file: string;
  locations: SourceLocations | undefined;
}

/**
 * Validates a raw scenario. `ref` is its topology file, already read, when `topology:` is a path.
 * Throws one ConfigError with every issue: the scenario's in file order, then the topology file's.
 */
export function validateScenario(input: unknown, origin: ScenarioOrigin, ref: TopologyRef | undefined): Scenario {
  const parsed = scenarioFileSchema.safeParse(input);
  const here = parsed.success ? [] : configIssuesFromZod(parsed.error.issues, input, origin.locations, SCENARIO_GUIDE);
  if (ref?.kind === 'unreadable') here.push(unreadableIssue(ref, origin));
  const there = ref?.kind === 'invalid' ? ref.issues : [];
  if (!parsed.success || (ref !== undefined && ref.kind !== 'loaded')) throw new ConfigError([...sortIssues(here), ...there]);

  const file = parsed.data;
  let topology: Topology;
  const issues: ConfigIssue[] = [];
  if (typeof file.topology === 'string') {
    if (ref?.kind !== 'loaded') throw new HatcpError(`internal: topology ${file.topology} of ${origin.file} was not read before validation`);
    topology = ref.topology;
  } else {
    const inline = completeTopology(file.topology, { file: origin.file, locations: origin.locations, root: ['topology'] });
    topology = inline.topology;
    issues.push(...inline.issues);
  }
  const { scenario, faults, problems } = normaliseScenario(file, topology, origin.file);
  const source: ScenarioSource = { file: origin.file, locations: origin.locations, faults };
  issues.push(
    ...problems.map(({ path, problem }) => ({ location: origin.locations?.locate(path), field: path.join('.'), message: problem.message, hint: problem.hint })),
    ...checkScenarioRules(scenario, source),
  );
  if (issues.length > 0) throw new ConfigError(sortIssues(issues));
  rememberScenarioSource(scenario, source);
  return scenario;
}

/** The issue for a `topology:` path that could not be read, at that field. */
function unreadableIssue(ref: Extract<TopologyRef, { kind: 'unreadable' }>, origin: ScenarioOrigin): ConfigIssue {
  return {
    location: origin.locations?.locate(['topology']),
    field: 'topology',
    message: ref.missing ? `topology file ${ref.path} does not exist` : `cannot read topology file ${ref.path}: ${ref.reason}`,
    hint: ref.missing
      ? 'give the path relative to this file (e.g. ../topologies/ha-lan.yaml for a file in scenarios/), or write the topology inline'
      : 'check that the path is a readable file',
  };
}
