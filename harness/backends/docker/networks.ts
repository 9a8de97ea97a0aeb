import { readFile, writeFile } from 'node:fs/promises';
import type { Network, Topology } from '../../topology/types.js';
import { HatcpError } from '../../errors/hatcp-error.js';
import { docker } from './client.js';
import { run } from '../../host/run.js';
import { LABEL, bridgeName, networkName } from './labels.js';

/** A Docker network as it exists on the engine, reduced to what the topology rules need. */
export interface ExistingNetwork {
  name: string;
  subnet: string;
}

/** Every IPv4 subnet the engine already has, to check a topology against before creating it. */
export async function existingNetworks(): Promise<ExistingNetwork[]> {
  const list = await docker().listNetworks();
  return list.flatMap((n) => (n.IPAM?.Config ?? [])
    .map((c) => c.Subnet)
    .filter((s): s is string => typeof s === 'string' && s.includes('.'))
    .map((subnet) => ({ name: n.Name, subnet })));
}

/**
 * Creates one topology network as an internal Docker bridge (nodes cannot reach beyond the
 * testbed) with a predictable Linux bridge name; in hub mode the bridge floods every frame.
 */
export async function createNetwork(topology: Topology, net: Network): Promise<void> {
  const bridge = bridgeName(topology.name, net.name);
  await docker().createNetwork({
    Name: networkName(topology.name, net.name),
    Driver: 'bridge',
    Internal: true,
    CheckDuplicate: true,
    EnableIPv6: false,
    IPAM: { Driver: 'default', Config: [{ Subnet: net.subnet, Gateway: net.gateway }] },
    Options: {
      'com.docker.network.bridge.name': bridge,
      'com.docker.network.bridge.enable_ip_masquerade': 'false',
    },
    Labels: {
      [LABEL.managed]: '1',
      [LABEL.topology]: topology.name,
      [LABEL.network]: net.name,
      ...(topology.source ? { [LABEL.source]: topology.source } : {}),
    },
  });
  await writeFile(`/proc/sys/net/ipv6/conf/${bridge}/disable_ipv6`, '1').catch(() => undefined);
  await acceptWithinBridge(topology.name, bridge);
  // Hub: ageing time 0 makes the Linux bridge forget every MAC at once; with learning off on each
  // port (see nodes.ts) it floods each frame to all ports like a hub, so the witness sees others'
  // traffic. Multicast snooping off: a hub floods multicast too, whoever joined which group (with
  // snooping, a node that joined late or whose IGMP report went unseen hears nothing).
  if (net.hub) await setBridge(bridge, 'hub mode', [['ageing_time', '0'], ['multicast_snooping', '0']]);
  // A monitor network switches unicast as a switch does, but floods multicast: the heartbeats and
  // VRRP adverts must reach every node whatever IGMP reports the bridge saw (with snooping on,
  // they were lost and standbys took over live primaries).
  else if (net.monitor !== undefined) await setBridge(bridge, 'monitor mode', [['multicast_snooping', '0']]);
}

/** Comment of the host iptables rules of one topology; `down` removes them, `clean` all `hatcp*`. */
export function iptablesComment(topology: string): string {
  return `hatcp:${topology}`;
}

/**
 * Docker drops bridged packets of an internal network whose destination is outside its subnet,
 * which includes multicast (VRRP's 224.0.0.18, the agent's heartbeats). An ACCEPT in DOCKER-USER,
 * evaluated first, lets everything between ports of this bridge through and nothing else.
 */
async function acceptWithinBridge(topology: string, bridge: string): Promise<void> {
  const rule = ['-i', bridge, '-o', bridge, '-m', 'comment', '--comment', iptablesComment(topology), '-j', 'ACCEPT'];
  const r = await run('iptables', ['-I', 'DOCKER-USER', ...rule]);
  if (!r.ok) throw new HatcpError(`cannot accept traffic within bridge ${bridge}: ${r.stderr.trim()}`, { hint: 'hatcp must run as root next to a dockerd that manages iptables' });
}

/** Writes bridge settings (`/sys/class/net/<bridge>/bridge/<file>`), each checked by reading it back; `mode` names them in the error. */
async function setBridge(bridge: string, mode: string, settings: [file: string, value: string][]): Promise<void> {
  for (const [file, value] of settings) {
    const path = `/sys/class/net/${bridge}/bridge/${file}`;
    try {
      await writeFile(path, value);
      const now = (await readFile(path, 'utf8')).trim();
      if (now !== value) throw new Error(`${file} reads ${now} after writing ${value}`);
    } catch (cause) {
      throw new HatcpError(`cannot put bridge ${bridge} in ${mode}: ${(cause as Error).message}`, {
        cause,
        hint: `hatcp must run as root on the Docker host (it writes /sys/class/net/<bridge>/bridge/${file})`,
      });
    }
  }
}
