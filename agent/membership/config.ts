import type { AddressRef, ArpPolicy, FailbackPolicy, PortRange, Role } from '../protocol/record.js';

/** A node of the cluster that runs the agent. */
export interface ClusterNode {
  id: string;
  role: Role;
}

/**
 * What a standby does when the primary is lost and no witness can be heard either:
 * `safety` keeps waiting (no split brain, but no failover), `availability` takes over.
 */
export type WitnessPolicy = 'safety' | 'availability';

/** Everything the state machine is told about itself and its cluster; fixed for a process's life. */
export interface MembershipConfig {
  /** This node's id. */
  self: string;
  clusterId: string;
  /** Every node that runs the agent, this one included; messages from anyone else are ignored. */
  nodes: ClusterNode[];
  /** Heartbeat period. */
  intervalMs: number;
  /** A peer silent for misses × intervalMs is lost. */
  misses: number;
  witnessPolicy: WitnessPolicy;
  /** Addresses this node owns when the cluster is healthy (its home addresses: the primary's VIP). */
  owned: AddressRef[];
  /** This node's MAC address on the cluster LAN, advertised for every address it holds. */
  mac: string;
  /** Ordered node ids that take over this node's addresses when it fails. */
  failoverPolicy: string[];
  /** How this node regains its home addresses when it returns. */
  failback: FailbackPolicy;
  /** How this node announces an address it takes. */
  arp: ArpPolicy;
  ports: PortRange[];
  application: string;
  /** Whether a takeover also rebuilds the lost node's TCP connections from the witness's cache (default true). */
  tcpTakeover?: boolean;
}

/** The role of a cluster node; undefined for ids not in the cluster. */
export function roleOf(config: MembershipConfig, id: string): Role | undefined {
  return config.nodes.find((n) => n.id === id)?.role;
}

/** This node's own role (`other` when the config forgot to list it; configProblems reports that). */
export function selfRole(config: MembershipConfig): Role {
  return roleOf(config, config.self) ?? 'other';
}

/** Whether a role may ever take over addresses (a witness or a client never does). */
export function canTakeOver(role: Role): boolean {
  return role !== 'witness' && role !== 'client';
}

/** Every inconsistency in a config, as lines saying what to fix; empty when it is usable. */
export function configProblems(config: MembershipConfig): string[] {
  const problems: string[] = [];
  const ids = config.nodes.map((n) => n.id);
  const duplicate = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (duplicate.length > 0) problems.push(`nodes: ${[...new Set(duplicate)].join(', ')} listed more than once`);
  if (!ids.includes(config.self)) problems.push(`self: "${config.self}" is not one of the nodes (${ids.join(', ')})`);
  if (!Number.isInteger(config.intervalMs) || config.intervalMs < 1) problems.push(`intervalMs: ${config.intervalMs} is not a whole number of ms ≥ 1`);
  if (!Number.isInteger(config.misses) || config.misses < 2) problems.push(`misses: ${config.misses} must be a whole number ≥ 2 (a peer is suspected after 1.5 intervals, lost after misses)`);
  for (const id of config.failoverPolicy) if (!ids.includes(id)) problems.push(`failoverPolicy: "${id}" is not one of the nodes`);
  if (config.failoverPolicy.includes(config.self)) problems.push('failoverPolicy: a node cannot take over its own addresses');
  if (config.owned.length > 0 && !canTakeOver(selfRole(config))) problems.push(`owned: a ${selfRole(config)} does not own addresses`);
  return problems;
}
