import { HatcpError } from '../../errors/hatcp-error.js';
import { run } from '../../host/run.js';
import type { Topology } from '../../topology/types.js';
import type { UpLink } from './nodes.js';

/**
 * A monitor network's SPAN port: on the host side of every other node's veth, a filter copies each
 * frame the node sends into the bridge to the monitor node's port (tc: u32 matching everything, then
 * mirred). The copy is made as the frame enters the bridge, so the monitor gets each frame once,
 * and no other port gets frames not meant for it. `nodes`: only these nodes' ports (a restarted
 * node has new veths); the monitor node among them re-points every port at its new veth. The
 * filters live on the veths and go with them: nothing is left behind.
 */
export async function installMirrors(topology: Topology, links: ReadonlyMap<string, readonly UpLink[]>, nodes?: readonly string[]): Promise<void> {
  for (const network of topology.networks) {
    const monitor = network.monitor;
    if (monitor === undefined) continue;
    const to = links.get(monitor)?.find((l) => l.network === network.name);
    if (!to) throw new HatcpError(`monitor ${monitor} of network ${network.name} has no link on it`);
    const all = !nodes || nodes.includes(monitor);
    for (const [node, own] of links) {
      if (node === monitor || (!all && !nodes.includes(node))) continue;
      const from = own.find((l) => l.network === network.name);
      if (from) await mirror(from.hostIf, to.hostIf, `${node} to ${monitor} on ${network.name}`);
    }
  }
}

async function mirror(from: string, to: string, what: string): Promise<void> {
  // replace: a port that had a mirror to the monitor's previous veth gets the new one.
  const steps = [
    ['qdisc', 'replace', 'dev', from, 'clsact'],
    ['filter', 'replace', 'dev', from, 'ingress', 'pref', '1', 'handle', '800::1', 'protocol', 'all', 'u32', 'match', 'u32', '0', '0', 'action', 'mirred', 'egress', 'mirror', 'dev', to],
  ];
  for (const args of steps) {
    const r = await run('tc', args);
    if (!r.ok) throw new HatcpError(`cannot mirror ${what} (tc ${args.join(' ')}): ${r.stderr.trim()}`, { hint: 'a monitor port needs the kernel\'s u32 classifier and mirred action (modules cls_u32, act_mirred): load them, or use hub: true' });
  }
}
