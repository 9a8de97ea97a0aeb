import { mirrorCommands } from '../backends/docker/monitor.js';
import type { KernelFeature } from '../links/impair-commands.js';
import { run, runEach } from './run.js';

export interface FeatureProbe {
  feature: KernelFeature;
  present: boolean;
  detail: string;
}

const cache = new Map<KernelFeature, Promise<FeatureProbe>>();

/**
 * Whether the running kernel can do `feature`, found by trying it on a throwaway veth pair
 * (modules are global, so the host's answer holds in every node). Cached per process.
 */
export function probeKernelFeature(feature: KernelFeature): Promise<FeatureProbe> {
  let probe = cache.get(feature);
  if (!probe) {
    probe = tryOnVeth(feature);
    cache.set(feature, probe);
  }
  return probe;
}

/** Prefix of the probe's veth names; `hatcp clean` removes leftovers. */
export const PROBE_PREFIX = 'hcprobe';

async function tryOnVeth(feature: KernelFeature): Promise<FeatureProbe> {
  const dev = `${PROBE_PREFIX}${process.pid % 100000}`;
  const made = await run('ip', ['link', 'add', dev, 'type', 'veth', 'peer', 'name', `${dev}p`]);
  if (!made.ok) return { feature, present: false, detail: `cannot create a probe veth: ${made.stderr.trim()}` };
  try {
    const attempt = await attempts[feature](dev);
    return { feature, present: attempt.ok, detail: attempt.ok ? 'works' : attempt.stderr.trim() || 'failed' };
  } finally {
    await run('ip', ['link', 'del', dev]);
  }
}

const attempts: Record<KernelFeature, (dev: string) => ReturnType<typeof run>> = {
  sch_netem: (dev) => run('tc', ['qdisc', 'add', 'dev', dev, 'root', 'netem', 'delay', '1ms']),
  sch_tbf: (dev) => run('tc', ['qdisc', 'add', 'dev', dev, 'root', 'tbf', 'rate', '1mbit', 'burst', '16384', 'latency', '50ms']),
  tc_mirror: (dev) => runEach('tc', mirrorCommands(dev, `${dev}p`, '02:00:00:00:00:01')),
  nft_netdev_ingress: (dev) => applyThenDelete(dev, {
    input: `table netdev hatcp_probe {\n chain o {\n  type filter hook ingress device "${dev}" priority 0;\n  numgen random mod 100 < 1 drop\n }\n}\n`,
  }),
};

/** Really loads the probe table (a dry run does not reach the kernel's hook code), then removes it. */
async function applyThenDelete(_dev: string, options: { input: string }): ReturnType<typeof run> {
  const applied = await run('nft', ['-f', '-'], options);
  if (applied.ok) await run('nft', ['delete', 'table', 'netdev', 'hatcp_probe']);
  return applied;
}
