import { agentsReadyAt } from '../history/agents-ready.js';
import type { RunEvent } from '../history/types.js';
import type { DualOwnership, Holding, Ownership } from './types.js';
import { us } from './stats.js';

/** Agent event kinds after which the reporting node holds the VIP. */
export const GAINS = ['vip-up', 'vrrp-master'] as const;
/** Agent event kinds after which it does not. */
export const LOSES = ['vip-down', 'vrrp-backup', 'vrrp-fault', 'vrrp-stop', 'fenced'] as const;

type Change = { t: number; node: string; holds: boolean };

/**
 * Who held the VIP when, from agent events (and crashes, which end a node's holding at the
 * instant they are applied), and the intervals where two or more nodes held it at once. Counted
 * from the instant the agents were ready (the runner's `agents-ready`): what they did while
 * bringing themselves up is in the events and that event's detail, not in the scenario's figures.
 */
export function ownership(events: readonly RunEvent[], t0: number, tEnd: number): Ownership {
  const changes = ownershipChanges(events);
  const holdings: Holding[] = [];
  const since = new Map<string, number>();
  const dual: DualOwnership[] = [];
  let open: { from: number; nodes: string[] } | undefined;
  const flushDual = (t: number) => {
    const nodes = [...since.keys()].sort();
    if (open && (nodes.length < 2 || nodes.join() !== open.nodes.join())) {
      if (t > open.from) dual.push({ nodes: open.nodes, fromMs: us(open.from - t0), toMs: us(t - t0) });
      open = undefined;
    }
    if (!open && nodes.length >= 2) open = { from: t, nodes };
  };
  for (const c of changes) {
    const from = since.get(c.node);
    if (c.holds && from === undefined) since.set(c.node, c.t);
    if (!c.holds && from !== undefined) {
      since.delete(c.node);
      if (c.t > from) holdings.push({ node: c.node, fromMs: us(from - t0), toMs: us(c.t - t0) });
    }
    flushDual(c.t);
  }
  for (const [node, from] of since) if (tEnd > from) holdings.push({ node, fromMs: us(from - t0), toMs: us(tEnd - t0) });
  since.clear();
  flushDual(tEnd);
  const start = us(agentsReadyAt(events) - t0);
  const clip = <T extends { fromMs: number; toMs: number }>(list: T[]): T[] => list.filter((x) => x.toMs > start).map((x) => ({ ...x, fromMs: Math.max(x.fromMs, start) }));
  const kept = clip(holdings).sort((a, b) => a.fromMs - b.fromMs);
  const dualKept = clip(dual);
  return { holdings: kept, dual: dualKept, dualMs: us(dualKept.reduce((s, d) => s + d.toMs - d.fromMs, 0)) };
}

function ownershipChanges(events: readonly RunEvent[]): Change[] {
  const changes: Change[] = [];
  for (const e of events) {
    if (e.source === 'agent') {
      if ((GAINS as readonly string[]).includes(e.kind)) changes.push({ t: e.t, node: e.node, holds: true });
      else if ((LOSES as readonly string[]).includes(e.kind)) changes.push({ t: e.t, node: e.node, holds: false });
    } else if (e.source === 'injector' && e.kind === 'fault' && e.action === 'crash') {
      for (const node of e.targets) changes.push({ t: e.applied, node, holds: false });
    }
  }
  // At one instant, losses before gains: a handover at the same microsecond is not dual ownership.
  return changes.sort((a, b) => a.t - b.t || Number(a.holds) - Number(b.holds));
}
