/** Loading a topology: YAML text or a plain object in, a validated, normalised Topology out. */
import { ConfigError, type ConfigIssue } from '../errors/hatcp-error.js';
import { readFileText, unreadableFileError } from './config-file.js';
import type { PathKey } from './field-docs.js';
import { sortIssues } from './issue-order.js';
import { normaliseTopology } from './normalise.js';
import { checkRules } from './rules.js';
import { topologyFileSchema, type TopologyFile } from './schema.js';
import type { SourceLocations } from './source-locations.js';
import { rememberSource, type TopologySource } from './topology-source.js';
import { TOPOLOGY_GUIDE } from './topology-guide.js';
import type { Topology } from './types.js';
import { readYamlDocument } from './yaml-document.js';
import { configIssuesFromZod } from './zod-issues.js';

/** Parses topology YAML; throws one ConfigError with every issue, each at its `file:line:column`. */
export function parseTopology(text: string, file: string): Topology {
  const { data, locations } = readYamlDocument(text, file);
  return validate(data, file, locations);
}

/** Reads and parses a topology file; a missing or unreadable file is a HatcpError with a hint. */
export async function loadTopology(path: string): Promise<Topology> {
  const read = await readFileText(path);
  if (!read.ok) throw unreadableFileError(path, 'topology', 'topologies/ha-lan.yaml', read);
  return parseTopology(read.text, path);
}

/**
 * Validates a topology written as a plain object in TypeScript (same shape as the YAML file).
 * Issues have no line numbers; `label` names where it was defined and becomes `source`.
 */
export function defineTopology(input: unknown, label = '<code>'): Topology {
  return validate(input, label, undefined);
}

/** Where a topology being checked comes from: its file, its positions, its path inside that document. */
export interface TopologyOrigin {
  file: string;
  locations: SourceLocations | undefined;
  /** `[]` for a topology file; `['topology']` for one written inline in a scenario. */
  root: readonly PathKey[];
}

/**
 * Normalises a schema-valid topology and runs the cross-field rules; records its source for later
 * rule runs. Issues are named and placed under `origin.root`; the caller decides when to throw.
 */
export function completeTopology(parsed: TopologyFile, origin: TopologyOrigin): { topology: Topology; issues: ConfigIssue[] } {
  const { topology, shorthandNodes, problems } = normaliseTopology(parsed, origin.file);
  const source: TopologySource = { file: origin.file, locations: origin.locations, shorthandNodes, root: origin.root };
  const issues: ConfigIssue[] = [
    ...problems.map(({ path, problem }) => {
      const at = [...origin.root, ...path];
      return { location: origin.locations?.locate(at), field: at.join('.'), message: problem.message, hint: problem.hint };
    }),
    ...checkRules(topology, {}, source),
  ];
  rememberSource(topology, source);
  return { topology, issues: sortIssues(issues) };
}

/** Schema, then normalisation, then cross-field rules. */
function validate(input: unknown, file: string, locations: SourceLocations | undefined): Topology {
  const parsed = topologyFileSchema.safeParse(input);
  if (!parsed.success) throw new ConfigError(sortIssues(configIssuesFromZod(parsed.error.issues, input, locations, TOPOLOGY_GUIDE)));
  const { topology, issues } = completeTopology(parsed.data, { file, locations, root: [] });
  if (issues.length > 0) throw new ConfigError(issues);
  return topology;
}
