import { HatcpError } from '../../errors/hatcp-error.js';
import { runEach } from '../../host/run.js';
import type { Topology } from '../../topology/types.js';
import type { UpLink } from './nodes.js';

/**
 * A monitor network's SPAN port: on the host side of every other node's veth, a filter (tc: a
 * classic BPF classifier, then mirred) copies each frame the node sends into the bridge to the
 * monitor node's port. The copy is made as the frame enters the bridge, so the monitor gets each
 * frame once, and no other port gets frames not meant for it. Frames the monitor gets anyway are
 * not copied: multicast and broadcast (flooded to it) and those addressed to it (switched to it);
 * a copy would reach it twice (its agent would count every heartbeat again as a replay).
 * `lab`: every node's links, by name. `nodes`: only these nodes' ports (a restarted node has new
 * veths); the monitor node among them re-points every port at its new veth. The filters live on
 * the veths and go with them: nothing is left behind.
 */
export async function installMirrors(topology: Topology, lab: ReadonlyMap<string, { readonly links: readonly UpLink[] }>, nodes?: readonly string[]): Promise<void> {
  for (const network of topology.networks) {
    const monitor = network.monitor;
    if (monitor === undefined) continue;
    const to = lab.get(monitor)?.links.find((l) => l.network === network.name);
    if (!to) throw new HatcpError(`monitor ${monitor} of network ${network.name} has no link on it`);
    const all = !nodes || nodes.includes(monitor);
    for (const [node, { links }] of lab) {
      if (node === monitor || (!all && !nodes.includes(node))) continue;
      const from = links.find((l) => l.network === network.name);
      if (from) await mirror(from.hostIf, to, `${node} to ${monitor} on ${network.name}`);
    }
  }
}

/**
 * A classic BPF program (tc's `bytecode` form) matching the frames a monitor port must be given a
 * copy of: unicast not addressed to `mac`. On ingress tc runs it from the Ethernet header.
 */
export function mirrorBytecode(mac: string): string {
  const bytes = mac.split(':').map((h) => Number.parseInt(h, 16));
  if (bytes.length !== 6 || bytes.some((b) => !(b >= 0 && b <= 255))) throw new HatcpError(`not a MAC address: "${mac}"`);
  const high16 = (bytes[0]! << 8) | bytes[1]!;
  const low32 = ((bytes[2]! << 24) | (bytes[3]! << 16) | (bytes[4]! << 8) | bytes[5]!) >>> 0;
  const program = [
    [0x30, 0, 0, 0], //      ldb [0]             first byte of the destination
    [0x45, 4, 0, 1], //      jset #1, drop       group bit: multicast or broadcast
    [0x20, 0, 0, 2], //      ld [2]              destination bytes 2-5
    [0x15, 0, 3, low32], //  jeq low32, next, copy
    [0x28, 0, 0, 0], //      ldh [0]             destination bytes 0-1
    [0x15, 0, 1, high16], // jeq high16, drop, copy
    [0x06, 0, 0, 0], //      drop: ret #0
    [0x06, 0, 0, 0xffff], // copy: ret #65535
  ];
  return [program.length, ...program.map((i) => i.join(' '))].join(',');
}

/**
 * The tc commands that mirror what enters the bridge from `from` to the monitor's port `to`
 * (`mac` the monitor's): also what the kernel probe tries. `replace`: a port that had a mirror to
 * the monitor's previous veth gets the new one.
 */
export function mirrorCommands(from: string, to: string, mac: string): string[][] {
  return [
    ['qdisc', 'replace', 'dev', from, 'clsact'],
    ['filter', 'replace', 'dev', from, 'ingress', 'pref', '1', 'handle', '1', 'protocol', 'all', 'bpf', 'bytecode', mirrorBytecode(mac), 'action', 'mirred', 'egress', 'mirror', 'dev', to],
  ];
}

async function mirror(from: string, to: UpLink, what: string): Promise<void> {
  const r = await runEach('tc', mirrorCommands(from, to.hostIf, to.mac));
  if (!r.ok) throw new HatcpError(`cannot mirror ${what} (tc ${r.args.join(' ')}): ${r.stderr.trim()}`, { hint: 'a monitor port needs the kernel\'s bpf classifier and mirred action (modules cls_bpf, act_mirred): load them, or use hub: true' });
}
