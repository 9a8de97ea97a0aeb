import { docker, requireEngine } from '../backends/docker/client.js';
import { labelFilter } from '../backends/docker/labels.js';
import { installMirrors } from '../backends/docker/monitor.js';
import { createNetwork, existingNetworks } from '../backends/docker/networks.js';
import { hostEntries, startNode } from '../backends/docker/nodes.js';
import { HatcpError } from '../errors/hatcp-error.js';
import { probeKernelFeature } from '../host/kernel-features.js';
import { ensureNodeImage, inspectImage } from '../image/build.js';
import { featuresNeeded } from '../links/impair-commands.js';
import { validateAgainstDocker } from '../topology/rules.js';
import { highestCpu } from '../topology/value-checks.js';
import type { Topology } from '../topology/types.js';
import { down } from './down.js';
import { Lab, type LabNode } from './lab.js';

export interface UpOptions {
  /** Aborting it (Ctrl-C) stops `up` and removes whatever it had created. */
  signal?: AbortSignal;
  /** Progress lines for a terminal. */
  log?: (line: string) => void;
}

/**
 * Brings a topology up on the Docker engine and returns it running, every address in place.
 * Any failure or abort on the way removes everything it created before the error surfaces.
 */
export async function up(topology: Topology, options: UpOptions = {}): Promise<Lab> {
  const started = performance.now();
  const { signal } = options;
  await requireEngine();
  await refuseIfAlreadyUp(topology.name);
  validateAgainstDocker(topology, await existingNetworks());
  await refuseMissingKernelFeatures(topology);
  await refuseUnavailableCpus(topology);
  const image = await nodeImage(topology, options);
  signal?.throwIfAborted();

  try {
    await settleAll(topology.networks.map((net) => createNetwork(topology, net)));
    signal?.throwIfAborted();
    const extraHosts = hostEntries(topology);
    const started_ = await settleAll(topology.nodes.map((node) => startNode(topology, node, image, extraHosts)));
    signal?.throwIfAborted();
    const nodes = new Map<string, LabNode>();
    topology.nodes.forEach((spec, i) => {
      const s = started_[i]!;
      nodes.set(spec.name, {
        name: spec.name,
        role: spec.role,
        container: `hatcp-${topology.name}-${spec.name}`,
        containerId: s.containerId,
        ip: s.links[0]!.ip,
        links: s.links,
      });
    });
    await installMirrors(topology, nodes);
    return new Lab(topology, nodes, performance.now() - started);
  } catch (error) {
    await down(topology.name);
    throw error;
  }
}

/** Like Promise.all, but waits for every promise to settle before throwing the first error, so nothing is still being created when cleanup runs. */
async function settleAll<T>(promises: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

async function refuseIfAlreadyUp(name: string): Promise<void> {
  const filters = JSON.stringify(labelFilter(name));
  const [containers, networks] = await Promise.all([docker().listContainers({ all: true, filters }), docker().listNetworks({ filters })]);
  if (containers.length + networks.length > 0) {
    throw new HatcpError(`topology ${name} is already up (${containers.length} containers, ${networks.length} networks)`, {
      hint: `run \`hatcp down ${name}\` first, or give this topology another name`,
    });
  }
}

/** A node pinned to CPUs the Docker host lacks would fail at its start, the lab half made: refused before anything is created. */
async function refuseUnavailableCpus(topology: Topology): Promise<void> {
  const pinned = topology.nodes.filter((n) => n.cpus !== undefined);
  if (pinned.length === 0) return;
  const { NCPU } = (await docker().info()) as { NCPU: number };
  for (const n of pinned) {
    const highest = highestCpu(n.cpus!);
    if (highest >= NCPU) {
      throw new HatcpError(`topology ${topology.name}${topology.source ? ` (${topology.source})` : ''}: node ${n.name} is pinned to cpus "${n.cpus}", but the Docker host has ${NCPU} CPU(s), numbered 0–${NCPU - 1}`, { hint: `pin it to CPUs 0–${NCPU - 1}, or remove cpus to let it run on any` });
    }
  }
}

async function refuseMissingKernelFeatures(topology: Topology): Promise<void> {
  const needs = new Map<string, string[]>();
  const need = (feature: string, by: string): void => void needs.set(feature, [...(needs.get(feature) ?? []), by]);
  for (const network of topology.networks) {
    if (network.monitor !== undefined) need('tc_mirror', `network ${network.name} (monitor: ${network.monitor})`);
  }
  for (const node of topology.nodes) {
    for (const link of node.links) {
      for (const feature of link.impair ? featuresNeeded(link.impair) : []) need(feature, `${node.name}/${link.network}`);
    }
  }
  const probes = await Promise.all([...needs.keys()].map((f) => probeKernelFeature(f as Parameters<typeof probeKernelFeature>[0])));
  const missing = probes.filter((p) => !p.present);
  if (missing.length > 0) {
    throw new HatcpError(
      missing.map((p) => `${p.feature} is not available in this kernel (${p.detail}); needed by ${needs.get(p.feature)!.join(', ')}`).join('\n'),
      { hint: 'remove those impairments (delay and jitter need sch_netem; rate and loss work without it) or monitor ports (tc_mirror: modules cls_bpf and act_mirred; hub: true needs neither), or run on a kernel that has the module', exitCode: 2 },
    );
  }
}

async function nodeImage(topology: Topology, options: UpOptions): Promise<string> {
  for (const node of topology.nodes) {
    if (node.image && !(await inspectImage(node.image))) {
      throw new HatcpError(`image ${node.image} of node ${node.name} is not on this Docker engine`, {
        hint: 'no image registry is reachable: build or import it locally first, or drop the `image:` override',
      });
    }
  }
  const needsNodeImage = topology.nodes.some((n) => !n.image);
  return needsNodeImage ? (await ensureNodeImage(options.log ? { log: options.log } : {})).tag : '';
}
