/**
 * Where a normalised topology came from, kept beside it so rules run later (e.g. against the Docker
 * engine's networks) can still name file fields and point at line:column.
 *
 * Rules address fields by "model paths" in long form: `networks.<net>.subnet`,
 * `nodes.<node>.links.<i>.ip`, `nodes.<node>.addresses.<i>`. A node written with the one-link
 * shorthand has its `links.0.*` fields directly on the node in the file, so `filePath` rewrites
 * `nodes.x.links.0.ip` to `nodes.x.ip` for those nodes.
 *
 * The record lives in a module-private WeakMap keyed by the Topology object: the topology stays
 * plain data (deep-equal comparisons and JSON see nothing extra), and the record is dropped with
 * it. A copy of the topology (spread, structuredClone) has no record: its issues then carry
 * long-form field paths and no location.
 *
 * A topology written inline in another file (a scenario's `topology:` mapping) has `root`
 * `['topology']`: its fields are then named and placed as `topology.nodes.x.ip` in that file.
 */
import type { SourceLocation } from '../errors/hatcp-error.js';
import type { PathKey } from './field-docs.js';
import type { SourceLocations } from './source-locations.js';
import type { Topology } from './types.js';

/** The origin of one topology: the file (if any), its positions (if parsed from text), its shorthand nodes. */
export interface TopologySource {
  file: string | undefined;
  locations: SourceLocations | undefined;
  /** Nodes written with ip/network/impair instead of links. */
  shorthandNodes: ReadonlySet<string>;
  /** Where the topology sits in its document: `[]` for a topology file. */
  root: readonly PathKey[];
}

/** Where one issue is: the dotted file field and its line:column, if known. */
export interface IssuePlace {
  field: string;
  location: SourceLocation | undefined;
}

const sources = new WeakMap<Topology, TopologySource>();

/** Attaches a topology's origin to it, for later lookups with `sourceOf`. */
export function rememberSource(topology: Topology, source: TopologySource): void {
  sources.set(topology, source);
}

/** The origin recorded for this topology object, if it was made by the loader. */
export function sourceOf(topology: Topology): TopologySource | undefined {
  return sources.get(topology);
}

/** The path of a model field in the file (shorthand nodes keep link 0's fields on the node), under `root`. */
export function filePath(source: TopologySource | undefined, modelPath: readonly PathKey[]): PathKey[] {
  const [top, node, links, index, ...rest] = modelPath;
  const root = source?.root ?? [];
  if (top === 'nodes' && links === 'links' && index === 0 && source?.shorthandNodes.has(String(node))) {
    return [...root, 'nodes', String(node), ...rest];
  }
  return [...root, ...modelPath];
}

/** The dotted field name and location of a model field, as the user wrote it. */
export function placeOf(source: TopologySource | undefined, modelPath: readonly PathKey[]): IssuePlace {
  const path = filePath(source, modelPath);
  return { field: path.join('.'), location: source?.locations?.locate(path) };
}
