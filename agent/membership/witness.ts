import type { MembershipConfig } from './config.js';
import type { MembershipState, Verdict } from './state.js';
import { lostAfterMs } from './timing.js';

/** The witnesses' verdict on a lost peer, with the reason in words. */
export interface WitnessReport {
  verdict: Verdict;
  detail: string;
}

/**
 * Asks the witnesses, through their latest heartbeats, whether they lost `suspect` too. A witness
 * counts if its latest heartbeat arrived within misses × interval. Any such witness that still
 * hears the suspect vetoes (this node alone is cut off); otherwise one that suspects it agrees.
 */
export function witnessVerdict(state: MembershipState, config: MembershipConfig, suspect: string, now: number): WitnessReport {
  const witnesses = config.nodes.filter((n) => n.role === 'witness' && n.id !== config.self && n.id !== suspect).map((n) => n.id);
  if (witnesses.length === 0) return { verdict: 'silent', detail: 'the cluster has no witness' };
  const fresh = witnesses.flatMap((id) => {
    const view = state.peers.get(id)?.view;
    return view !== undefined && now - view.at < lostAfterMs(config) ? [{ id, view }] : [];
  });
  if (fresh.length === 0) return { verdict: 'silent', detail: `no heartbeat from witness ${witnesses.join(', ')} for ${lostAfterMs(config)} ms or more` };
  const hearing = fresh.find((w) => !w.view.suspects.includes(suspect));
  if (hearing !== undefined) {
    const ago = hearing.view.heard.find((h) => h.node === suspect)?.agoMs;
    const when = ago === undefined ? '' : ` (its latest heartbeat, ${now - hearing.view.at} ms old, had heard it ${ago} ms before)`;
    return { verdict: 'hears', detail: `witness ${hearing.id} still hears ${suspect}${when}` };
  }
  return { verdict: 'agrees', detail: `witness ${fresh.map((w) => w.id).join(', ')} lost ${suspect} too` };
}
