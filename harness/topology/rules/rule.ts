/** What a cross-field rule is, what it receives, and helpers the rules share. */
import type { ConfigIssue } from '../../errors/hatcp-error.js';
import type { PathKey } from '../field-docs.js';
import { formatIpv4, parseCidr, parseIpv4, type Cidr } from '../ipv4.js';
import { sortIssues } from '../issue-order.js';
import { freeAddress } from '../suggest.js';
import type { IssuePlace } from '../topology-source.js';
import type { Link, Network, NodeSpec, Topology } from '../types.js';

/** A network that already exists on the Docker engine. */
export interface ExistingNetwork {
  name: string;
  subnet: string;
}

/** What a caller may give the rules. */
export interface RuleOptions {
  /** Networks on the Docker engine; this topology's own (`hatcp-<name>-…`) are ignored. */
  existingNetworks?: readonly ExistingNetwork[];
}

/** Names a model path as the file's field and finds its line:column. */
export interface Placer {
  /** The file field name and location of a model path. */
  place(modelPath: readonly PathKey[]): IssuePlace;
}

/** What every topology rule receives besides the topology. */
export interface RuleContext extends Placer {
  existingNetworks: readonly ExistingNetwork[];
}

/** One named cross-field rule over a subject: a topology by default, or e.g. a scenario with its own context. */
export interface Rule<Subject = Topology, Context extends Placer = RuleContext> {
  readonly name: string;
  readonly check: (subject: Subject, ctx: Context) => ConfigIssue[];
}

/** Runs every rule and returns their issues in file order. */
export function runRules<Subject, Context extends Placer>(rules: readonly Rule<Subject, Context>[], subject: Subject, ctx: Context): ConfigIssue[] {
  return sortIssues(rules.flatMap((rule) => rule.check(subject, ctx)));
}

/** A link with its node and its long-form model path (`['nodes', node, 'links', index]`). */
export interface LinkAt {
  node: NodeSpec;
  link: Link;
  path: PathKey[];
}

/** Every link of every node, in file order. */
export function linksOf(topology: Topology): LinkAt[] {
  return topology.nodes.flatMap((node) => node.links.map((link, index) => ({ node, link, path: ['nodes', node.name, 'links', index] })));
}

/** Builds an issue at a model path. */
export function issueAt(ctx: Placer, path: readonly PathKey[], message: string, hint: string | undefined): ConfigIssue {
  return { ...ctx.place(path), message, hint };
}

/** The parsed subnet of a network (valid after the schema). */
export function subnetOf(network: Network): Cidr | undefined {
  return parseCidr(network.subnet);
}

/** "use lan" or "use one of lan, mgmt". */
export function useOneOf(names: readonly string[]): string {
  return names.length === 1 ? `use ${names[0]}` : `use one of ${names.join(', ')}`;
}

/** Every address in use by links and extra addresses, as numbers. */
export function takenAddresses(topology: Topology): Set<number> {
  const taken = new Set<number>();
  for (const { link } of linksOf(topology)) {
    const ip = parseIpv4(link.ip);
    if (ip !== undefined) taken.add(ip);
  }
  for (const node of topology.nodes) {
    for (const address of node.addresses) {
      const cidr = parseCidr(address);
      if (cidr) taken.add(cidr.address);
    }
  }
  return taken;
}

/** ", e.g. 10.77.0.14" for a free address of the network, or nothing if there is none. */
export function freeAddressExample(topology: Topology, network: Network | undefined, suffix = ''): string {
  const free = network ? freeAddress(network, takenAddresses(topology)) : undefined;
  return free === undefined ? '' : `, e.g. ${formatIpv4(free)}${suffix}`;
}
