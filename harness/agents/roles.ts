import { HatcpError } from '../errors/hatcp-error.js';
import type { Role, Topology } from '../topology/types.js';

/** Names of the topology's nodes with a role, in file order. */
export function nodesWithRole(topology: Topology, role: Role): string[] {
  return topology.nodes.filter((n) => n.role === role).map((n) => n.name);
}

/** The role of the topology's node `name` (a name the topology has). */
export function roleOf(topology: Topology, name: string): Role {
  return topology.nodes.find((n) => n.name === name)!.role;
}

/** The one node with a role; a HatcpError when there is none or several. */
export function theNodeWithRole(topology: Topology, role: Role): string {
  const names = nodesWithRole(topology, role);
  if (names.length !== 1) throw new HatcpError(`topology ${topology.name} needs exactly one ${role} node, it has ${names.length}`);
  return names[0]!;
}
