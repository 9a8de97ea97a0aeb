/**
 * The topology a scenario names by path: read relative to the scenario file, parsed with the
 * topology loader. Its own mistakes keep the topology file's `file:line:column`.
 */
import { dirname, isAbsolute, join } from 'node:path';
import { ConfigError, type ConfigIssue } from '../errors/hatcp-error.js';
import { readFileText, readFileTextSync, type FileText } from '../topology/config-file.js';
import { parseTopology } from '../topology/load.js';
import type { Topology } from '../topology/types.js';

/** The outcome of resolving a `topology:` path. */
export type TopologyRef =
  | { kind: 'loaded'; path: string; topology: Topology }
  | { kind: 'unreadable'; path: string; missing: boolean; reason: string }
  | { kind: 'invalid'; path: string; issues: ConfigIssue[] };

/** The `topology:` value of a raw scenario if it is a path (an inline mapping is left to the schema). */
export function topologyPathOf(input: unknown): string | undefined {
  const value = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)['topology'] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** The path of a topology named in the scenario at `scenarioFile` (`''` = relative to the working directory). */
export function resolveTopologyPath(ref: string, scenarioFile: string): string {
  return isAbsolute(ref) ? ref : join(scenarioFile === '' ? '' : dirname(scenarioFile), ref);
}

/** Reads and parses the topology at `path`. */
export async function loadTopologyRef(path: string): Promise<TopologyRef> {
  return fromText(path, await readFileText(path));
}

/** Reads and parses the topology at `path`, synchronously. */
export function loadTopologyRefSync(path: string): TopologyRef {
  return fromText(path, readFileTextSync(path));
}

function fromText(path: string, read: FileText): TopologyRef {
  if (!read.ok) return { kind: 'unreadable', path, missing: read.missing, reason: read.reason };
  try {
    return { kind: 'loaded', path, topology: parseTopology(read.text, path) };
  } catch (error) {
    if (error instanceof ConfigError) return { kind: 'invalid', path, issues: error.issues };
    throw error;
  }
}
