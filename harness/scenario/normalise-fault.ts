/** Normalising one fault: its targets, its action with defaults that depend on the topology. */
import { normaliseImpairment, type PathProblem } from '../topology/normalise.js';
import type { Topology } from '../topology/types.js';
import type { FaultFile } from './schema.js';
import type { FaultAction, FaultSpec } from './types.js';

/** One fault as the injector takes it (`index` is its place in the file, for problems): targets as a list, defaults filled in. */
export function normaliseFault(fault: FaultFile, id: string, index: number, topology: Topology, problems: PathProblem[]): FaultSpec {
  const targets = fault.targets ?? (fault.target === undefined ? [] : [fault.target]);
  return {
    id,
    atMs: fault.at,
    targets,
    action: faultAction(fault, index, targets, topology, problems),
    durationMs: 'duration' in fault ? fault.duration : undefined,
  };
}

function faultAction(fault: FaultFile, index: number, targets: string[], topology: Topology, problems: PathProblem[]): FaultAction {
  switch (fault.action) {
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
    case 'heal':
    case 'agent-kill':
      return { kind: fault.action };
    case 'partition':
      return {
        kind: 'partition',
        peers: fault.peers ?? topology.nodes.map((node) => node.name).filter((name) => !targets.includes(name)),
        direction: fault.direction,
      };
    case 'impair':
      return {
        kind: 'impair',
        network: fault.network ?? targetsNetwork(topology, targets, ['faults', index, 'network'], problems),
        impair: normaliseImpairment(fault.impair) ?? {},
      };
  }
}

/** The one network every target is on, the default of an impair fault's `network`; a problem (and '') otherwise. */
function targetsNetwork(topology: Topology, targets: string[], path: PathProblem['path'], problems: PathProblem[]): string {
  const nodes = targets.map((name) => topology.nodes.find((node) => node.name === name));
  if (nodes.some((node) => node === undefined)) return ''; // unknown targets are reported by a rule
  const networks = [...new Set(nodes.flatMap((node) => node?.links.map((link) => link.network) ?? []))];
  const [only] = networks;
  if (networks.length === 1 && only && nodes.every((node) => node?.links.length === 1)) return only;
  const on = nodes.map((node) => `${node?.name} is on ${node?.links.map((link) => link.network).join(', ')}`).join('; ');
  problems.push({ path, problem: { message: `needs a network: ${on}`, hint: `add network: ${networks[0] ?? 'lan'} (the link to impair)` } });
  return '';
}
