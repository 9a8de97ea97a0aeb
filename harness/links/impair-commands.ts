import type { Impairment } from '../topology/types.js';

/**
 * Kernel features a topology needs (an impairment's, or `tc_mirror` for a monitor port: the bpf
 * classifier and the mirred action); `up` refuses a topology whose needs the host lacks.
 */
export type KernelFeature = 'sch_tbf' | 'sch_netem' | 'nft_netdev_ingress' | 'tc_mirror';

/** The features one impairment needs. */
export function featuresNeeded(impair: Impairment): KernelFeature[] {
  const needs: KernelFeature[] = [];
  if (impair.delayMs !== undefined || impair.jitterMs !== undefined) needs.push('sch_netem');
  if (impair.rateBps !== undefined) needs.push('sch_tbf');
  if (impair.lossPercent !== undefined) needs.push('nft_netdev_ingress');
  return needs;
}

/**
 * The commands, run inside the node, that shape what it sends on `ifname`: delay/jitter with
 * netem, rate with tbf (under netem when both). Loss is not here: see `lossRuleset`.
 */
export function nodeImpairCommands(ifname: string, impair: Impairment): string[][] {
  const cmds: string[][] = [];
  const hasDelay = impair.delayMs !== undefined;
  if (hasDelay) {
    const delay = [`${impair.delayMs}ms`, ...(impair.jitterMs !== undefined ? [`${impair.jitterMs}ms`] : [])];
    cmds.push(['tc', 'qdisc', 'replace', 'dev', ifname, 'root', 'handle', '1:', 'netem', 'delay', ...delay]);
  }
  if (impair.rateBps !== undefined) {
    const where = hasDelay ? ['parent', '1:1', 'handle', '10:'] : ['root', 'handle', '1:'];
    cmds.push(['tc', 'qdisc', 'replace', 'dev', ifname, ...where, 'tbf', ...tbfParameters(impair.rateBps)]);
  }
  return cmds;
}

/** The host nftables table that holds one topology's loss rules; `down` deletes it. */
export function lossTable(topology: string): string {
  return `hatcp_${topology.replace(/-/g, '_')}`;
}

/**
 * An nftables script that drops `lossPercent` of the frames a node sends, on the ingress of the
 * host side of its veth: the frame left the node (its stack saw a normal transmit) and is lost
 * on the wire before the bridge, for every receiver alike — what a lossy cable does.
 * (A drop inside the node, by qdisc or egress hook, is reported back to the sender's stack.)
 */
export function lossRuleset(topology: string, node: string, hostIf: string, lossPercent: number): string {
  // Probability in millionths, so 0.01 % is still exact.
  const threshold = Math.round(lossPercent * 10_000);
  const table = lossTable(topology);
  return [
    `table netdev ${table} {`,
    `  chain ${lossChain(node, hostIf)} {`,
    `    type filter hook ingress device "${hostIf}" priority 0;`,
    `    numgen random mod 1000000 < ${threshold} counter drop`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/**
 * tbf parameters for a rate: a bucket of 10 ms of traffic (at least 16 KiB, so one
 * TSO burst fits) and 50 ms of queue, like a shallow switch buffer.
 */
export function tbfParameters(rateBps: number): string[] {
  const burst = Math.max(16 * 1024, Math.ceil(rateBps / 8 / 100));
  return ['rate', `${rateBps}bit`, 'burst', String(burst), 'latency', '50ms'];
}

/**
 * The same loss rule as `lossRuleset`, as one-line nftables commands for a live `nft -i` session
 * (one transaction): it replaces whatever loss the link had.
 */
export function lossCommands(topology: string, node: string, hostIf: string, lossPercent: number): string[] {
  const chain = `netdev ${lossTable(topology)} ${lossChain(node, hostIf)}`;
  return [
    `add table netdev ${lossTable(topology)}`,
    `add chain ${chain} { type filter hook ingress device "${hostIf}" priority 0; }`,
    `flush chain ${chain}`,
    `add rule ${chain} numgen random mod 1000000 < ${Math.round(lossPercent * 10_000)} counter drop`,
  ];
}

/** The chain of one link's loss rule. */
export function lossChain(node: string, hostIf: string): string {
  return `${node.replace(/-/g, '_')}_${hostIf}`;
}
