/** Turns a parsed topology file into the internal Topology shape: links expanded, defaults filled. */
import type { PathKey } from './field-docs.js';
import { firstUsable, formatIpv4, parseCidr } from './ipv4.js';
import type { Problem } from './problem.js';
import { ROLE_CPU_WEIGHT, type ImpairFile, type NodeFile, type TopologyFile } from './schema.js';
import type { Impairment, Link, Network, NodeSpec, Topology } from './types.js';

/** A problem found while normalising, at a path of the file. */
export interface PathProblem {
  path: PathKey[];
  problem: Problem;
}

/** The normalised topology, the nodes that used the one-link shorthand, and any problems. */
export interface Normalised {
  topology: Topology;
  shorthandNodes: Set<string>;
  problems: PathProblem[];
}

/** Normalises a schema-valid file; a shorthand link whose network cannot be inferred is left out and reported. */
export function normaliseTopology(file: TopologyFile, source: string | undefined): Normalised {
  const networks = Object.entries(file.networks).map(([name, network]): Network => ({
    name,
    subnet: network.subnet,
    gateway: network.gateway ?? defaultGateway(network.subnet),
    hub: network.hub,
    ...(network.monitor !== undefined ? { monitor: network.monitor } : {}),
  }));
  const shorthandNodes = new Set<string>();
  const problems: PathProblem[] = [];
  const nodes = Object.entries(file.nodes).map(([name, node]): NodeSpec => {
    if (node.links === undefined) shorthandNodes.add(name);
    const links = node.links === undefined ? shorthandLinks(name, node, networks, problems) : node.links.map((link) => ({ ...link }));
    return {
      name,
      role: node.role,
      links: links.map((link, index): Link => ({
        network: link.network,
        ip: link.ip,
        ifname: `eth${index}`,
        impair: normaliseImpairment(link.impair),
      })),
      addresses: [...(node.addresses ?? [])],
      image: node.image,
      env: { ...(node.env ?? {}) },
      cpuWeight: node.cpu_weight ?? ROLE_CPU_WEIGHT[node.role],
      ...(node.cpus !== undefined ? { cpus: node.cpus } : {}),
    };
  });
  return { topology: { name: file.name, source, networks, nodes }, shorthandNodes, problems };
}

/** The first usable address of a subnet, the default gateway. */
function defaultGateway(subnet: string): string {
  const cidr = parseCidr(subnet);
  return cidr ? formatIpv4(firstUsable(cidr)) : '';
}

/** The one link of a shorthand node; its network defaults to the file's only network. */
function shorthandLinks(name: string, node: NodeFile, networks: Network[], problems: PathProblem[]) {
  if (node.ip === undefined) return [];
  const network = node.network ?? (networks.length === 1 ? networks[0]?.name : undefined);
  if (network === undefined) {
    const names = networks.map((n) => n.name);
    problems.push({
      path: ['nodes', name, 'ip'],
      problem: {
        message: `${node.ip} needs a network: this file has several (${names.join(', ')})`,
        hint: `add network: ${names[0] ?? 'lan'} (or another of ${names.join(', ')}) next to ip`,
      },
    });
    return [];
  }
  return [{ network, ip: node.ip, impair: node.impair }];
}

/** Converts file impairments (already in bits/s, %, ms) to the internal shape; none at all is undefined. */
export function normaliseImpairment(impair: ImpairFile | undefined): Impairment | undefined {
  if (!impair) return undefined;
  const result: Impairment = {};
  if (impair.rate !== undefined) result.rateBps = impair.rate;
  if (impair.loss !== undefined) result.lossPercent = impair.loss;
  if (impair.delay !== undefined) result.delayMs = impair.delay;
  if (impair.jitter !== undefined) result.jitterMs = impair.jitter;
  return Object.keys(result).length > 0 ? result : undefined;
}
