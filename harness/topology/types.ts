/** The one internal shape of a topology, after validation and normalisation. Plain data. */

export type Role = 'client' | 'primary' | 'standby' | 'witness' | 'other';

/** Link impairments on what a node sends on one link. Absent fields mean "not impaired". */
export interface Impairment {
  /** Egress rate limit in bits per second. */
  rateBps?: number;
  /** Random loss in percent (0–100]. */
  lossPercent?: number;
  /** One-way added delay in milliseconds (needs sch_netem). */
  delayMs?: number;
  /** Delay variation in milliseconds (needs sch_netem and a delay). */
  jitterMs?: number;
}

export interface Network {
  name: string;
  /** IPv4 CIDR, e.g. `10.77.0.0/24`. */
  subnet: string;
  /** The host side of the bridge; the first usable address unless set. Never given to a node. */
  gateway: string;
  /** Flood every frame to every port (bridge ageing time 0), so a witness sees others' traffic. */
  hub: boolean;
  /** The node on the network's monitor (SPAN) port: every frame another node sends is copied to it. */
  monitor?: string;
}

export interface Link {
  network: string;
  /** The node's IPv4 address on that network (no prefix). */
  ip: string;
  /** Interface name inside the node: eth0, eth1, … in declaration order. */
  ifname: string;
  impair: Impairment | undefined;
}

export interface NodeSpec {
  name: string;
  role: Role;
  links: Link[];
  /** Extra IPv4 addresses in CIDR form, added on the node's first link at `up`. */
  addresses: string[];
  /** Image override; undefined means the hatcp node image. */
  image: string | undefined;
  env: Record<string, string>;
  /** Share of the host's CPUs under contention (Docker cpu-shares). */
  cpuWeight: number;
  /** Host CPUs it may run on (Docker cpuset-cpus, e.g. "0-1,3"); absent: any. */
  cpus?: string;
}

export interface Topology {
  /** DNS-safe name; containers are named `hatcp-<name>-<node>`. */
  name: string;
  /** The file it was loaded from, if any. */
  source: string | undefined;
  networks: Network[];
  nodes: NodeSpec[];
}
