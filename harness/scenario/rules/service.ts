/** Rules about the service IP (VIP): inside a network, used by nothing else, reachable from the servers. */
import type { ConfigIssue } from '../../errors/hatcp-error.js';
import { broadcastAddress, networkAddress, parseCidr, parseIpv4 } from '../../topology/ipv4.js';
import { freeAddressExample, issueAt, linksOf } from '../../topology/rules/rule.js';
import { usableRangeText } from '../../topology/suggest.js';
import { vipNetwork } from '../vip.js';
import { nodesWithRole } from '../../agents/roles.js';
import type { ScenarioRule } from './rule.js';

/** The VIP lies in no network of the topology: no node could reach it. */
export const vipOutsideNetworks: ScenarioRule = {
  name: 'vip-outside-networks',
  check({ service, topology }, ctx) {
    if (vipNetwork(topology, service.vip)) return [];
    const networks = topology.networks.map((network) => `${network.name} (${network.subnet})`).join(', ');
    const [first] = topology.networks;
    const hint = first ? `pick a free address in ${first.name}${freeAddressExample(topology, first)}` : 'pick an address in a network of the topology';
    return [issueAt(ctx, ['service', 'vip'], `${service.vip} is outside every network of topology ${topology.name}: ${networks}`, hint)];
  },
};

/** The VIP is already a node's address, an extra address, the gateway, or the network or broadcast address. */
export const vipCollides: ScenarioRule = {
  name: 'vip-collides',
  check({ service, topology }, ctx) {
    const network = vipNetwork(topology, service.vip);
    const cidr = network && parseCidr(network.subnet);
    const vip = parseIpv4(service.vip);
    if (!network || !cidr || vip === undefined) return [];
    const node = linksOf(topology).find(({ link }) => link.ip === service.vip)?.node;
    const extra = topology.nodes.find((n) => n.addresses.some((address) => parseCidr(address)?.address === vip));
    let what: string | undefined;
    if (node) what = `the address of node ${node.name}`;
    else if (extra) what = `an extra address of node ${extra.name} (addresses:); the agent adds the VIP itself`;
    else if (service.vip === network.gateway) what = `the gateway of ${network.name} (the host side of the bridge)`;
    else if (vip === networkAddress(cidr)) what = `the network address of ${network.name} (${network.subnet})`;
    else if (vip === broadcastAddress(cidr)) what = `the broadcast address of ${network.name} (${network.subnet})`;
    if (!what) return [];
    const free = freeAddressExample(topology, network);
    const hint = extra && !node ? `remove ${service.vip} from the addresses of ${extra.name}, or pick another VIP${free}` : `pick an address in ${usableRangeText(network)} that no node uses${free}`;
    return [issueAt(ctx, ['service', 'vip'], `${service.vip} is ${what}`, hint)];
  },
};

/** A node that must hold the VIP (the primary; with keepalived, the standbys too) has no link on its network. */
export const serverOffVipNetwork: ScenarioRule = {
  name: 'server-off-vip-network',
  check(scenario, ctx) {
    const { service, topology } = scenario;
    const network = vipNetwork(topology, service.vip);
    if (!network) return [];
    const holders = [...nodesWithRole(scenario.topology, 'primary'), ...(scenario.agent.kind === 'keepalived' ? nodesWithRole(scenario.topology, 'standby') : [])];
    return holders.flatMap((name): ConfigIssue[] => {
      const node = topology.nodes.find((n) => n.name === name);
      if (!node || node.links.some((link) => link.network === network.name)) return [];
      return [
        issueAt(
          ctx,
          ['service', 'vip'],
          `${name} (role ${node.role}) has no link on ${network.name}, where the VIP ${service.vip} lives (it is on ${node.links.map((l) => l.network).join(', ')})`,
          `link ${name} to ${network.name}, or pick a VIP in a network ${name} is on`,
        ),
      ];
    });
  },
};

/** app exec without its program, or a program given to another app. */
export const execProgram: ScenarioRule = {
  name: 'exec-program',
  check({ service }, ctx) {
    if (service.app === 'exec' && !service.exec) return [issueAt(ctx, ['service', 'app'], 'exec runs a program, but service.exec is missing', 'add service.exec: { command: [redis-server, --port, "6379"], connect: 6379 } (connect only for a program that listens on TCP)')];
    if (service.app !== 'exec' && service.exec) return [issueAt(ctx, ['service', 'exec'], `service.exec is for app exec, but the app is ${service.app}`, 'set service.app: exec, or remove service.exec')];
    return [];
  },
};
