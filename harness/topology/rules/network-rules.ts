/** Rules about networks: gateways, and subnets overlapping each other or the engine's networks. */
import type { ConfigIssue } from '../../errors/hatcp-error.js';
import { broadcastAddress, cidrContains, cidrsOverlap, formatCidr, formatIpv4, networkAddress, parseCidr, parseIpv4, type Cidr } from '../ipv4.js';
import { freeSubnet } from '../suggest.js';
import type { Topology } from '../types.js';
import { issueAt, subnetOf, type ExistingNetwork, type Rule } from './rule.js';

/** A gateway outside its subnet, or on its network or broadcast address. */
export const gatewayNotUsable: Rule = {
  name: 'gateway-not-usable',
  check(topology, ctx) {
    const issues: ConfigIssue[] = [];
    for (const network of topology.networks) {
      const cidr = subnetOf(network);
      const gateway = parseIpv4(network.gateway);
      if (!cidr || gateway === undefined) continue;
      let problem: string | undefined;
      if (!cidrContains(cidr, gateway)) problem = `${network.gateway} is outside the subnet ${network.subnet}`;
      else if (gateway === networkAddress(cidr)) problem = `${network.gateway} is the network address of ${network.subnet}, not a usable gateway`;
      else if (gateway === broadcastAddress(cidr)) problem = `${network.gateway} is the broadcast address of ${network.subnet}, not a usable gateway`;
      if (!problem) continue;
      const first = formatIpv4(networkAddress(cidr) + 1);
      const last = formatIpv4(broadcastAddress(cidr) - 1);
      issues.push(
        issueAt(ctx, ['networks', network.name, 'gateway'], problem, `use an address in ${first}–${last}, or leave gateway out to use ${first}`),
      );
    }
    return issues;
  },
};

/** The subnets of the file and of the engine (minus this topology's own networks), for suggestions. */
function allSubnets(topology: Topology, existing: readonly ExistingNetwork[]): Cidr[] {
  const subnets = [...topology.networks.map((n) => n.subnet), ...foreignNetworks(topology, existing).map((n) => n.subnet)];
  return subnets.map(parseCidr).filter((cidr): cidr is Cidr => cidr !== undefined);
}

/** ", e.g. 10.78.0.0/24" for a subnet of the same size that overlaps nothing known, or nothing. */
function freeSubnetExample(near: Cidr, taken: readonly Cidr[]): string {
  const free = freeSubnet(near, taken);
  return free ? `, e.g. ${formatCidr(free)}` : '';
}

/** Engine networks that are not this topology's own (`hatcp-<name>-<network>`). */
function foreignNetworks(topology: Topology, existing: readonly ExistingNetwork[]): ExistingNetwork[] {
  // Exact names: a prefix would also hide topology `ha-lan`'s networks from a topology named `ha`.
  const own = new Set(topology.networks.map((n) => `hatcp-${topology.name}-${n.name}`));
  return existing.filter((network) => !own.has(network.name) && parseCidr(network.subnet) !== undefined);
}

/** A monitor port given to no node of the network, or beside hub mode (which floods already). */
export const monitorNotOnNetwork: Rule = {
  name: 'monitor-not-on-network',
  check(topology, ctx) {
    const issues: ConfigIssue[] = [];
    for (const network of topology.networks) {
      if (network.monitor === undefined) continue;
      const here = topology.nodes.filter((n) => n.links.some((l) => l.network === network.name)).map((n) => n.name);
      const path = ['networks', network.name, 'monitor'];
      if (network.hub) issues.push(issueAt(ctx, path, `network ${network.name} is both a hub and has a monitor port: a hub already floods every frame to every node`, 'keep one: monitor (the witness alone gets the copies) or hub: true'));
      else if (!here.includes(network.monitor)) issues.push(issueAt(ctx, path, `${network.monitor} is not a node on network ${network.name}`, here.length ? `name one of ${here.join(', ')}` : `link a node to ${network.name} first`));
    }
    return issues;
  },
};

/** Two networks of the file share addresses. */
export const subnetOverlap: Rule = {
  name: 'subnet-overlap',
  check(topology, ctx) {
    const issues: ConfigIssue[] = [];
    topology.networks.forEach((network, index) => {
      const cidr = subnetOf(network);
      const earlier = topology.networks.slice(0, index).find((other) => {
        const otherCidr = subnetOf(other);
        return cidr && otherCidr && cidrsOverlap(cidr, otherCidr);
      });
      if (!cidr || !earlier) return;
      issues.push(
        issueAt(
          ctx,
          ['networks', network.name, 'subnet'],
          `${network.subnet} overlaps network ${earlier.name} (${earlier.subnet})`,
          `give each network its own address range${freeSubnetExample(cidr, allSubnets(topology, ctx.existingNetworks))}`,
        ),
      );
    });
    return issues;
  },
};

/** A network overlaps a Docker network that exists already (not one of this topology's own). */
export const subnetOverlapsDocker: Rule = {
  name: 'subnet-overlaps-docker',
  check(topology, ctx) {
    const issues: ConfigIssue[] = [];
    const foreign = foreignNetworks(topology, ctx.existingNetworks);
    for (const network of topology.networks) {
      const cidr = subnetOf(network);
      const clash = foreign.find((other) => {
        const otherCidr = parseCidr(other.subnet);
        return cidr && otherCidr && cidrsOverlap(cidr, otherCidr);
      });
      if (!cidr || !clash) continue;
      issues.push(
        issueAt(
          ctx,
          ['networks', network.name, 'subnet'],
          `${network.subnet} overlaps the existing Docker network ${clash.name} (${clash.subnet})`,
          `choose another subnet${freeSubnetExample(cidr, allSubnets(topology, ctx.existingNetworks))}`,
        ),
      );
    }
    return issues;
  },
};
