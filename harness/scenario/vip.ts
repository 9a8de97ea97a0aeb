/** Where the service IP lives in a topology. */
import { cidrContains, parseCidr, parseIpv4 } from '../topology/ipv4.js';
import type { Network, Topology } from '../topology/types.js';

/** The network whose subnet holds `vip`, or undefined when none does. */
export function vipNetwork(topology: Topology, vip: string): Network | undefined {
  const ip = parseIpv4(vip);
  if (ip === undefined) return undefined;
  return topology.networks.find((network) => {
    const cidr = parseCidr(network.subnet);
    return cidr !== undefined && cidrContains(cidr, ip);
  });
}
