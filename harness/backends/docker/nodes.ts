import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NodeSpec, Topology } from '../../topology/types.js';
import { HatcpError } from '../../errors/hatcp-error.js';
import { lossRuleset, nodeImpairCommands } from '../../links/impair-commands.js';
import { cpuMask, maskValue, steeringScript } from '../../links/receive-steering.js';
import { run } from '../../host/run.js';
import { docker } from './client.js';
import { execIn } from './exec.js';
import { LABEL, containerName, networkName } from './labels.js';

/** A link as it came up: the interface inside the node and its veth peer on the host. */
export interface UpLink {
  network: string;
  ip: string;
  ifname: string;
  /** Host side of the node's veth: where loss is applied, captures are taken and crashes cut. */
  hostIf: string;
  /** The node's MAC address on this link. */
  mac: string;
}

export interface StartedNode {
  containerId: string;
  links: UpLink[];
}

/** `/etc/hosts` entries so that every node name resolves inside the topology, without Docker DNS. */
export function hostEntries(topology: Topology): string[] {
  return topology.nodes.flatMap((n) => (n.links[0] ? [`${n.name}:${n.links[0].ip}`] : []));
}

/**
 * Creates, connects and starts one node, then configures it (extra addresses, impairments) and
 * returns once every declared address is up inside it.
 */
export async function startNode(topology: Topology, node: NodeSpec, image: string, extraHosts: string[]): Promise<StartedNode> {
  const [first, ...rest] = node.links;
  if (!first) throw new HatcpError(`node ${node.name} has no link`);
  const container = await docker().createContainer({
    name: containerName(topology.name, node.name),
    Image: node.image ?? image,
    Hostname: node.name,
    ...(node.image ? {} : { Cmd: ['/usr/local/bin/hatcp-node-init'] }),
    Env: Object.entries(node.env).map(([k, v]) => `${k}=${v}`),
    Labels: {
      [LABEL.managed]: '1',
      [LABEL.topology]: topology.name,
      [LABEL.node]: node.name,
      [LABEL.role]: node.role,
      ...(topology.source ? { [LABEL.source]: topology.source } : {}),
    },
    StopTimeout: 1,
    HostConfig: {
      CapAdd: ['NET_ADMIN', 'NET_RAW'],
      CpuShares: node.cpuWeight,
      ...(node.cpus !== undefined ? { CpusetCpus: node.cpus } : {}),
      NetworkMode: networkName(topology.name, first.network),
      ExtraHosts: extraHosts,
      // The agent and the traffic generators, deployed read-only from this checkout's build.
      Binds: deployBinds(),
      // IPv6 off: no router solicitations or MLD reports in the captures.
      Sysctls: { 'net.ipv6.conf.all.disable_ipv6': '1', 'net.ipv6.conf.default.disable_ipv6': '1' },
    },
    NetworkingConfig: {
      EndpointsConfig: { [networkName(topology.name, first.network)]: { IPAMConfig: { IPv4Address: first.ip } } },
    },
  });
  for (const link of rest) {
    await docker().getNetwork(networkName(topology.name, link.network)).connect({
      Container: container.id,
      EndpointConfig: { IPAMConfig: { IPv4Address: link.ip } },
    });
  }
  await container.start();
  return { containerId: container.id, links: await configureNode(topology, node, container.id) };
}

/**
 * Makes a started container the node the topology describes: finds its interfaces and their host
 * peers, prepares the host side (hub port, IPv6 off, loss), adds extra addresses and shaping.
 * Also what a restarted node goes through, since Docker gives it new veths.
 */
export async function configureNode(topology: Topology, node: NodeSpec, containerId: string): Promise<UpLink[]> {
  const links = await linkNames(containerId, node);
  await prepareHostSide(topology, links);
  await applyLoss(topology, node, links);
  if (node.cpus !== undefined) await steerReceive(node, node.cpus, containerId, links);
  const script = configureScript(node, links);
  if (script.length > 0) {
    const result = await execIn(containerId, ['sh', '-ec', script.join('\n')]);
    if (result.exitCode !== 0) {
      throw new HatcpError(`configuring node ${node.name} failed: ${result.stderr.trim() || `exit ${result.exitCode}`}`, {
        hint: 'check the impairment and address settings of this node; `hatcp doctor` tells what the kernel can do',
      });
    }
  }
  return links;
}

/** Where the build is mounted inside every node. */
export const DEPLOY_DIR = '/opt/hatcp';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** Read-only bind mounts of the compiled code, its npm packages and package.json (which makes dist/ ESM). */
function deployBinds(): string[] {
  return ['dist', 'node_modules', 'package.json'].map((p) => `${join(ROOT, p)}:${DEPLOY_DIR}/${p}:ro`);
}

/**
 * Finds which interface holds each link's address (Docker picks the order, not the file) and
 * the host-side peer of its veth (from the interface's iflink).
 */
async function linkNames(containerId: string, node: NodeSpec): Promise<UpLink[]> {
  const [inside, host] = await Promise.all([
    execIn(containerId, ['sh', '-c', 'ip -o -4 addr show; for f in /sys/class/net/*/iflink; do d=${f%/iflink}; echo "iflink ${d##*/} $(cat $f) $(cat $d/address)"; done']),
    run('ip', ['-j', 'link', 'show']),
  ]);
  const byIp = new Map<string, string>();
  const peerIndex = new Map<string, string>();
  const macs = new Map<string, string>();
  for (const line of inside.stdout.split('\n')) {
    const m = /^\d+:\s+(\S+)\s+inet\s+([\d.]+)\//.exec(line);
    if (m?.[1] && m[2]) byIp.set(m[2], m[1].replace(/@.*$/, ''));
    const p = /^iflink (\S+) (\d+) (\S+)$/.exec(line);
    if (p?.[1] && p[2] && p[3]) {
      peerIndex.set(p[1], p[2]);
      macs.set(p[1], p[3]);
    }
  }
  const hostNames = new Map((JSON.parse(host.stdout || '[]') as { ifindex: number; ifname: string }[]).map((l) => [String(l.ifindex), l.ifname]));
  return node.links.map((link) => {
    const ifname = byIp.get(link.ip);
    if (!ifname) throw new HatcpError(`node ${node.name} came up without its address ${link.ip} on network ${link.network}`);
    const hostIf = hostNames.get(peerIndex.get(ifname) ?? '');
    if (!hostIf) throw new HatcpError(`cannot find the host side of ${node.name}'s ${ifname} (is hatcp running in the Docker host's network namespace?)`);
    return { network: link.network, ip: link.ip, ifname, hostIf, mac: macs.get(ifname) ?? '' };
  });
}

/**
 * On the host side of each veth: IPv6 off (no neighbour discovery in captures) and, on hub
 * networks, MAC learning off, so the bridge knows no address and floods every frame to every
 * port — deterministic, unlike ageing time 0 alone, which still forwards on entries not yet aged.
 */
async function prepareHostSide(topology: Topology, links: UpLink[]): Promise<void> {
  await Promise.all(links.map(async (link) => {
    await writeFile(`/proc/sys/net/ipv6/conf/${link.hostIf}/disable_ipv6`, '1').catch(() => undefined);
    if (!topology.networks.find((n) => n.name === link.network)?.hub) return;
    const r = await run('ip', ['link', 'set', 'dev', link.hostIf, 'type', 'bridge_slave', 'learning', 'off', 'flood', 'on']);
    if (!r.ok) throw new HatcpError(`cannot make ${link.hostIf} a hub port: ${r.stderr.trim()}`, { hint: 'hatcp must run as root on the Docker host' });
  }));
}

/** A pinned node's receive processing on its own CPUs (see receive-steering.ts), checked by reading each queue back. */
async function steerReceive(node: NodeSpec, cpus: string, containerId: string, links: UpLink[]): Promise<void> {
  const pid = (await docker().getContainer(containerId).inspect()).State.Pid;
  const r = await run('nsenter', ['-t', String(pid), '-n', 'unshare', '-m', 'sh', '-ec', steeringScript(links.map((l) => l.ifname), cpus)]);
  const set = r.ok ? r.stdout.split('\n').filter(Boolean) : [];
  const want = maskValue(cpuMask(cpus));
  if (!r.ok || set.length === 0 || set.some((line) => maskValue(line.split(' ')[1] ?? '0') !== want)) {
    throw new HatcpError(`cannot steer node ${node.name}'s receive processing to CPUs ${cpus}: ${r.ok ? `the queues read back ${set.join('; ') || 'nothing'}` : r.stderr.trim()}`, {
      hint: 'the kernel needs RPS (CONFIG_RPS), and hatcp must run as root on the Docker host; or leave the node unpinned (no cpus)',
    });
  }
}

/** Installs the loss rules of a node's links on the host side of their veths. */
async function applyLoss(topology: Topology, node: NodeSpec, links: UpLink[]): Promise<void> {
  const script = node.links
    .map((link, i) => (link.impair?.lossPercent !== undefined ? lossRuleset(topology.name, node.name, links[i]!.hostIf, link.impair.lossPercent) : ''))
    .join('');
  if (!script) return;
  const r = await run('nft', ['-f', '-'], { input: script });
  if (!r.ok) throw new HatcpError(`cannot apply loss on node ${node.name}: ${r.stderr.trim()}`, { hint: 'apt-get install nftables; `hatcp doctor` checks it' });
}

function configureScript(node: NodeSpec, links: UpLink[]): string[] {
  const lines: string[] = [];
  const firstIf = links[0]?.ifname ?? 'eth0';
  for (const cidr of node.addresses) lines.push(`ip addr add ${cidr} dev ${firstIf}`);
  node.links.forEach((link, i) => {
    const ifname = links[i]?.ifname;
    if (link.impair && ifname) lines.push(...nodeImpairCommands(ifname, link.impair).map(shellJoin));
  });
  return lines;
}

/** Quotes argv for `sh -c`. */
export function shellJoin(argv: string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
