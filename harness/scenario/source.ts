/**
 * Where a normalised scenario came from, kept beside it (as for topologies, in a module-private
 * WeakMap) so checks run later, like `checkScenarioAgainstHost`, still point at `file:line:column`.
 *
 * Rules name fields by "model paths": the file's keys, but faults by id (`faults.f3.at`) and
 * targets always as a list (`faults.f3.targets.0`). `scenarioFilePath` turns them into the path in
 * the file: the fault's index there (`faults.4.at`), and `target` for a fault written with one
 * target. Ids survive a caller filtering or reordering `scenario.faults`; indexes would not.
 */
import type { PathKey } from '../topology/field-docs.js';
import type { SourceLocations } from '../topology/source-locations.js';
import type { IssuePlace } from '../topology/topology-source.js';
import type { Scenario } from './types.js';

/** How one fault was written: its index in the file, and `target:` or `targets:`. */
export interface FaultInFile {
  index: number;
  single: boolean;
}

/** The origin of one scenario. */
export interface ScenarioSource {
  file: string;
  locations: SourceLocations | undefined;
  /** By fault id. */
  faults: ReadonlyMap<string, FaultInFile>;
}

const sources = new WeakMap<Scenario, ScenarioSource>();

/** Attaches a scenario's origin to it, for later lookups with `scenarioSourceOf`. */
export function rememberScenarioSource(scenario: Scenario, source: ScenarioSource): void {
  sources.set(scenario, source);
}

/** The origin recorded for this scenario object, if it was made by the loader. */
export function scenarioSourceOf(scenario: Scenario): ScenarioSource | undefined {
  return sources.get(scenario);
}

/** The path of a model field in the file. */
export function scenarioFilePath(source: ScenarioSource | undefined, modelPath: readonly PathKey[]): PathKey[] {
  const [top, index, key, item, ...rest] = modelPath;
  const fault = top === 'faults' && typeof index === 'string' ? source?.faults.get(index) : undefined;
  if (!fault) return [...modelPath];
  if (key === 'targets' && fault.single) return ['faults', fault.index, 'target'];
  return ['faults', fault.index, ...[key, item, ...rest].filter((part) => part !== undefined)];
}

/** The dotted field name and location of a model field, as the user wrote it. */
export function placeInScenario(source: ScenarioSource | undefined, modelPath: readonly PathKey[]): IssuePlace {
  const path = scenarioFilePath(source, modelPath);
  return { field: path.join('.'), location: source?.locations?.locate(path) };
}
