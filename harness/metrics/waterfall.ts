import type { RunEvent } from '../history/types.js';
import type { Phase } from './types.js';
import { us } from './stats.js';
import type { Verified } from './verified-times.js';
import { firstIssuedAfter } from './verified-times.js';

/** Agent event kinds that mark a step of a failover, in their usual order (hatcp agent with its TCP takeover, then keepalived). */
export const PHASE_KINDS = ['suspected', 'declared', 'witness-agrees', 'decided', 'claim-sent', 'locked', 'cache-received', 'vip-up', 'unlocked', 'restored', 'first-byte', 'arp-sent', 'vrrp-master'] as const;

type AgentEvent = Extract<RunEvent, { source: 'agent' }>;

/**
 * The failover waterfall of a fault applied at `applied`: the first agent event of each phase kind
 * at or after it, and the client's first verified operation after it (`client-recovered`).
 */
export function waterfall(applied: number, t0: number, events: readonly RunEvent[], verified: readonly Verified[]): Phase[] {
  const agent = events.filter((e): e is AgentEvent => e.source === 'agent' && e.t >= applied).sort((a, b) => a.t - b.t);
  const phases: Phase[] = [];
  for (const kind of PHASE_KINDS) {
    const e = agent.find((a) => a.kind === kind);
    if (e) phases.push(phase(kind, e.node, e.t, applied, t0));
  }
  const recovered = firstIssuedAfter(verified, applied);
  if (recovered) phases.push(phase('client-recovered', recovered.gen, recovered.t, applied, t0));
  // A stable sort keeps the PHASE_KINDS order between phases at the same instant.
  return phases.sort((a, b) => a.sinceFaultMs - b.sinceFaultMs);
}

function phase(name: string, by: string, t: number, applied: number, t0: number): Phase {
  return { name, by, atMs: us(t - t0), sinceFaultMs: us(t - applied) };
}
