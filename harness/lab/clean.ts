import { docker } from '../backends/docker/client.js';
import { BRIDGE_PREFIX } from '../backends/docker/labels.js';
import { PROBE_PREFIX } from '../host/kernel-features.js';
import { run } from '../host/run.js';
import { down } from './down.js';
import { removeIptablesRules } from '../host/iptables.js';

export interface CleanReport {
  containers: string[];
  networks: string[];
  interfaces: string[];
  netfilterRules: string[];
}

/** The comment every host netfilter rule of hatcp carries, so `clean` can find it. */
export const NETFILTER_COMMENT = 'hatcp';

/**
 * Removes everything hatcp ever created on this machine, by label and by name prefix, with no
 * topology file needed: containers, networks, host interfaces left by a crash, netfilter rules.
 */
export async function clean(): Promise<CleanReport> {
  const removed = await down();
  const interfaces = await removeLeftoverInterfaces();
  const netfilterRules = await removeNetfilterRules();
  return { ...removed, interfaces, netfilterRules };
}

async function removeLeftoverInterfaces(): Promise<string[]> {
  const listed = await run('ip', ['-j', 'link', 'show']);
  if (!listed.ok) return [];
  const links = JSON.parse(listed.stdout) as { ifname: string }[];
  // A bridge still backing a Docker network is Docker's to remove; anything else of ours is a leftover.
  const inUse = new Set((await docker().listNetworks()).map((n) => n.Options?.['com.docker.network.bridge.name']).filter(Boolean));
  const leftovers = links
    .map((l) => l.ifname.replace(/@.*$/, ''))
    .filter((name) => (name.startsWith(BRIDGE_PREFIX) && !inUse.has(name)) || name.startsWith(PROBE_PREFIX));
  const removed: string[] = [];
  for (const name of leftovers) {
    if ((await run('ip', ['link', 'del', name])).ok) removed.push(name);
  }
  return removed;
}

async function removeNetfilterRules(): Promise<string[]> {
  const removed = await removeIptablesRules((comment) => comment === NETFILTER_COMMENT || comment.startsWith(`${NETFILTER_COMMENT}:`));
  const tables = await run('nft', ['list', 'tables']);
  for (const line of tables.ok ? tables.stdout.split('\n') : []) {
    const m = /^table (\S+) (hatcp\S*)$/.exec(line.trim());
    if (m && (await run('nft', ['delete', 'table', m[1]!, m[2]!])).ok) removed.push(`nft table ${m[1]} ${m[2]}`);
  }
  return removed;
}

