/** Loading a scenario: YAML text, a file or a plain object in, a validated, normalised Scenario out. */
import { readFileText, unreadableFileError } from '../topology/config-file.js';
import { readYamlDocument } from '../topology/yaml-document.js';
import { loadTopologyRef, loadTopologyRefSync, resolveTopologyPath, topologyPathOf } from './topology-ref.js';
import type { Scenario } from './types.js';
import { validateScenario } from './validate.js';

export { checkScenarioAgainstHost, type HostCapabilities } from './host-check.js';

/**
 * Parses scenario YAML; throws one ConfigError with every issue, each at its `file:line:column`.
 * A `topology:` path is read (synchronously) relative to `file`'s directory.
 */
export function parseScenario(text: string, file: string): Scenario {
  const { data, locations } = readYamlDocument(text, file);
  const path = topologyPathOf(data);
  return validateScenario(data, { file, locations }, path === undefined ? undefined : loadTopologyRefSync(resolveTopologyPath(path, file)));
}

/** Reads and parses a scenario file and the topology file it names; a missing scenario file is a HatcpError with a hint. */
export async function loadScenario(path: string): Promise<Scenario> {
  const read = await readFileText(path);
  if (!read.ok) throw unreadableFileError(path, 'scenario', 'scenarios/crash-keepalived.yaml', read);
  const { data, locations } = readYamlDocument(read.text, path);
  const ref = topologyPathOf(data);
  return validateScenario(data, { file: path, locations }, ref === undefined ? undefined : await loadTopologyRef(resolveTopologyPath(ref, path)));
}

/**
 * Validates a scenario written as a plain object in TypeScript (same shape as the YAML file).
 * A `topology:` path is relative to the working directory. Issues have no line numbers; `label`
 * names where it was defined and becomes `source`.
 */
export function defineScenario(input: unknown, label = '<code>'): Scenario {
  const ref = topologyPathOf(input);
  return validateScenario(input, { file: label, locations: undefined }, ref === undefined ? undefined : loadTopologyRefSync(resolveTopologyPath(ref, '')));
}
