/**
 * The ownership record (seed claim 9): what a node tells the cluster about itself at boot, on
 * solicitation, in every heartbeat and in every claim. Plain JSON-able data.
 */

/** A node's part in the cluster. */
export type Role = 'primary' | 'standby' | 'witness' | 'client' | 'other';

/** Every Role, for schemas and messages. */
export const ROLES = ['primary', 'standby', 'witness', 'client', 'other'] as const satisfies readonly Role[];

/** How a returning owner regains its addresses from the node that took them over (claim 10). */
export type FailbackPolicy = 'never' | 'new-connections' | 'immediate' | 'migrate';

/** Every FailbackPolicy, for schemas and messages. */
export const FAILBACK_POLICIES = ['never', 'new-connections', 'immediate', 'migrate'] as const satisfies readonly FailbackPolicy[];

/** An inclusive range of TCP ports. */
export interface PortRange {
  from: number;
  to: number;
}

/** How a new owner announces an address: `garpCount` gratuitous ARPs, `garpSpacingMs` apart. */
export interface ArpPolicy {
  garpCount: number;
  garpSpacingMs: number;
}

/** An IPv4 address with its prefix length, as put on an interface (`10.77.0.100/24`). */
export interface AddressRef {
  ip: string;
  prefix: number;
}

/** An address at an ownership epoch (a claim, a release). */
export interface EpochAddress extends AddressRef {
  epoch: number;
}

/** An address a node holds: the MAC it answers ARP with, and the epoch of its ownership. */
export interface OwnedAddress extends EpochAddress {
  mac: string;
}

/** Everything a node advertises about itself. */
export interface OwnershipRecord {
  nodeId: string;
  role: Role;
  /** Ordered node ids that take over this node's addresses if it fails (the first one alive does). */
  failoverPolicy: string[];
  /** The addresses this node holds right now (empty while it holds none). */
  addresses: OwnedAddress[];
  ports: PortRange[];
  application: string;
  arp: ArpPolicy;
  protocol: 'tcp';
  /** How this node wants its addresses back after it returns from a failure. */
  failback: FailbackPolicy;
  /** Live TCP connections this node serves. */
  liveConnections: number;
}

/** `ip/prefix` text of an address, for actions and messages. */
export function addressText(address: AddressRef): string {
  return `${address.ip}/${address.prefix}`;
}
