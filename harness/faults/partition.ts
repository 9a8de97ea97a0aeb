/**
 * Partitions are cut in the network, not in the nodes: a bridge-family nftables chain on the host
 * drops the frames the bridge would forward between the target's veth and each peer's. Unicast,
 * multicast (VRRP adverts, hatcp heartbeats), broadcast and ARP are all cut alike, and both sides
 * keep believing their link is up — what a failed switch port or a misconfigured VLAN does.
 * (Rules inside the node cannot drop a multicast frame for one peer only.)
 */

/** The host table (family and name) holding one topology's partitions; `down` and `clean` delete it. */
export function partitionTable(topology: string): string {
  return `bridge hatcp_${topology.replace(/-/g, '_')}_cut`;
}

/** The chain that holds one target's partition; healing deletes it. */
export function partitionChain(node: string): string {
  return `cut_${node.replace(/-/g, '_')}`;
}

export interface PartitionLinks {
  /** Host-side veths of the target. */
  target: string[];
  /** Host-side veths of the peers it is cut from. */
  peers: string[];
  /** `in`: the target hears nothing from the peers; `out`: the peers hear nothing from it. */
  direction: 'both' | 'in' | 'out';
}

/** The nftables commands (one transaction) that cut a target from its peers: one counted drop per port pair and direction. */
export function partitionCommands(topology: string, node: string, links: PartitionLinks): string[] {
  const table = partitionTable(topology);
  const chain = `${table} ${partitionChain(node)}`;
  const commands = [`add table ${table}`, `add chain ${chain} { type filter hook forward priority -200; policy accept; }`];
  for (const t of links.target) {
    for (const p of links.peers) {
      if (links.direction !== 'in') commands.push(`add rule ${chain} iifname "${t}" oifname "${p}" counter drop`);
      if (links.direction !== 'out') commands.push(`add rule ${chain} iifname "${p}" oifname "${t}" counter drop`);
    }
  }
  return commands;
}

/** Removes one target's partition. */
export function healCommands(topology: string, node: string): string[] {
  const chain = `${partitionTable(topology)} ${partitionChain(node)}`;
  return [`flush chain ${chain}`, `delete chain ${chain}`];
}

/** The drop rules and the frames they dropped in one chain of an `nft list table` output; `present` false when the chain is not there. */
export function dropCounters(listing: string, chain: string): { present: boolean; rules: number; packets: number } {
  const body = new RegExp(`chain ${chain} \\{([^}]*)\\}`).exec(listing);
  let rules = 0;
  let packets = 0;
  for (const m of (body?.[1] ?? '').matchAll(/counter packets (\d+) bytes \d+ drop/g)) {
    rules++;
    packets += Number(m[1]);
  }
  return { present: body !== null, rules, packets };
}
