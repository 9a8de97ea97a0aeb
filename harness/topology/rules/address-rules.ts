/** Rules about node addresses: inside their subnet, not reserved, not shared. */
import type { ConfigIssue } from '../../errors/hatcp-error.js';
import type { PathKey } from '../field-docs.js';
import { broadcastAddress, cidrContains, formatIpv4, networkAddress, parseCidr, parseIpv4 } from '../ipv4.js';
import { usableRangeText } from '../suggest.js';
import { freeAddressExample, issueAt, linksOf, subnetOf, type Rule } from './rule.js';

/** A link's address lies outside its network's subnet. */
export const ipOutsideSubnet: Rule = {
  name: 'ip-outside-subnet',
  check(topology, ctx) {
    const issues: ConfigIssue[] = [];
    for (const { link, path } of linksOf(topology)) {
      const network = topology.networks.find((n) => n.name === link.network);
      const cidr = network && subnetOf(network);
      const ip = parseIpv4(link.ip);
      if (!network || !cidr || ip === undefined || cidrContains(cidr, ip)) continue;
      issues.push(
        issueAt(ctx, [...path, 'ip'], `${link.ip} is outside network ${network.name} (${network.subnet})`, `pick an address in ${usableRangeText(network)}`),
      );
    }
    return issues;
  },
};

/** A link's address is its network's network address, broadcast address or gateway. */
export const ipIsReserved: Rule = {
  name: 'ip-is-reserved',
  check(topology, ctx) {
    const issues: ConfigIssue[] = [];
    for (const { link, path } of linksOf(topology)) {
      const network = topology.networks.find((n) => n.name === link.network);
      const cidr = network && subnetOf(network);
      const ip = parseIpv4(link.ip);
      if (!network || !cidr || ip === undefined || !cidrContains(cidr, ip)) continue;
      let what: string | undefined;
      if (ip === networkAddress(cidr)) what = `the network address of ${network.name} (${network.subnet})`;
      else if (ip === broadcastAddress(cidr)) what = `the broadcast address of ${network.name} (${network.subnet})`;
      else if (ip === parseIpv4(network.gateway)) what = `the gateway of ${network.name} (the host side of the bridge)`;
      if (what) issues.push(issueAt(ctx, [...path, 'ip'], `${link.ip} is ${what}`, `pick an address in ${usableRangeText(network)}`));
    }
    return issues;
  },
};

/** Two links use the same address. */
export const duplicateIp: Rule = {
  name: 'duplicate-ip',
  check(topology, ctx) {
    const issues: ConfigIssue[] = [];
    const first = new Map<string, PathKey[]>();
    for (const { link, path } of linksOf(topology)) {
      const earlier = first.get(link.ip);
      if (!earlier) {
        first.set(link.ip, [...path, 'ip']);
        continue;
      }
      const network = topology.networks.find((n) => n.name === link.network);
      issues.push(
        issueAt(
          ctx,
          [...path, 'ip'],
          `${link.ip} is already used by ${ctx.place(earlier).field}`,
          `give each node its own address${freeAddressExample(topology, network)}`,
        ),
      );
    }
    return issues;
  },
};

/** An extra address collides with a link's address or a gateway. */
export const extraAddressConflict: Rule = {
  name: 'extra-address-conflict',
  check(topology, ctx) {
    const issues: ConfigIssue[] = [];
    const links = linksOf(topology);
    for (const node of topology.nodes) {
      node.addresses.forEach((address, index) => {
        const cidr = parseCidr(address);
        if (!cidr) return;
        const ip = formatIpv4(cidr.address);
        const user = links.find(({ link }) => link.ip === ip);
        const gatewayOf = topology.networks.find((network) => network.gateway === ip);
        let message: string | undefined;
        if (user) message = `${address} uses the address of ${ctx.place([...user.path, 'ip']).field}`;
        else if (gatewayOf) message = `${address} uses the gateway address of network ${gatewayOf.name}`;
        if (!message) return;
        const network = topology.networks.find((n) => {
          const subnet = subnetOf(n);
          return subnet !== undefined && cidrContains(subnet, cidr.address);
        });
        issues.push(
          issueAt(ctx, ['nodes', node.name, 'addresses', index], message, `pick an address no node or gateway uses${freeAddressExample(topology, network, `/${cidr.prefix}`)}`),
        );
      });
    }
    return issues;
  },
};
