/** Loading a topology: YAML text or a plain object in, a validated, normalised Topology out. */
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError, HatcpError, type ConfigIssue } from '../errors/hatcp-error.js';
import { sortIssues } from './issue-order.js';
import { normaliseTopology } from './normalise.js';
import { checkRules } from './rules.js';
import { topologyFileSchema } from './schema.js';
import { SourceLocations } from './source-locations.js';
import { rememberSource, type TopologySource } from './topology-source.js';
import type { Topology } from './types.js';
import { configIssuesFromYaml } from './yaml-issues.js';
import { configIssuesFromZod } from './zod-issues.js';

/** Parses topology YAML; throws one ConfigError with every issue, each at its `file:line:column`. */
export function parseTopology(text: string, file: string): Topology {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) throw new ConfigError(configIssuesFromYaml(doc.errors, lineCounter, file));
  const locations = SourceLocations.fromDocument(doc, lineCounter, file);
  return validate(doc.toJS(), file, locations);
}

/** Reads and parses a topology file; a missing or unreadable file is a HatcpError with a hint. */
export async function loadTopology(path: string): Promise<Topology> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new HatcpError(`topology file ${path} does not exist`, {
        hint: 'pass the path of a topology YAML file, e.g. topologies/ha-lan.yaml',
        cause: error,
      });
    }
    throw new HatcpError(`cannot read topology file ${path}: ${(error as Error).message}`, {
      hint: 'check that the path is a readable file',
      cause: error,
    });
  }
  return parseTopology(text, path);
}

/**
 * Validates a topology written as a plain object in TypeScript (same shape as the YAML file).
 * Issues have no line numbers; `label` names where it was defined and becomes `source`.
 */
export function defineTopology(input: unknown, label = '<code>'): Topology {
  return validate(input, label, undefined);
}

/** Schema, then normalisation, then cross-field rules; records the source for later rule runs. */
function validate(input: unknown, file: string, locations: SourceLocations | undefined): Topology {
  const parsed = topologyFileSchema.safeParse(input);
  if (!parsed.success) throw new ConfigError(sortIssues(configIssuesFromZod(parsed.error.issues, input, locations)));
  const { topology, shorthandNodes, problems } = normaliseTopology(parsed.data, file);
  const source: TopologySource = { file, locations, shorthandNodes };
  const issues: ConfigIssue[] = [
    ...problems.map(({ path, problem }) => ({
      location: locations?.locate(path),
      field: path.join('.'),
      message: problem.message,
      hint: problem.hint,
    })),
    ...checkRules(topology, {}, source),
  ];
  if (issues.length > 0) throw new ConfigError(sortIssues(issues));
  rememberSource(topology, source);
  return topology;
}
