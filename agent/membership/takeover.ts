import { addressText, type AddressRef } from '../protocol/record.js';
import { claim } from './claim.js';
import { canTakeOver, roleOf, selfRole } from './config.js';
import { isAlive, silenceMs } from './liveness.js';
import type { PeerState } from './state.js';
import { lostAfterMs } from './timing.js';
import { emit, type Turn } from './turn.js';
import { witnessVerdict } from './witness.js';

/** The node that should take over `lost`'s addresses: the first one alive (and able to) in its failover policy. */
export function designatedTaker(turn: Turn, lostId: string, lost: PeerState): string | undefined {
  const { state, config } = turn;
  const able = (id: string): boolean => canTakeOver(roleOf(config, id) ?? 'client');
  return lost.record?.failoverPolicy.find((id) => id !== lostId && able(id) && (id === config.self || isAlive(state.peers.get(id))));
}

/** The addresses a lost peer holds that this node should take: its own home ones, or all if it is the designated taker. */
function takeable(turn: Turn, lostId: string, lost: PeerState): AddressRef[] {
  const { state, config } = turn;
  const designated = designatedTaker(turn, lostId, lost) === config.self;
  const out: AddressRef[] = [];
  for (const [ip, h] of state.book) {
    if (h.holder !== lostId) continue;
    if (designated || config.owned.some((o) => o.ip === ip)) out.push({ ip, prefix: h.prefix });
  }
  return out;
}

/**
 * For every lost peer whose addresses this node should take: declare it failed, ask the witnesses,
 * and take over when they agree (or, with no witness heard, when the policy is availability).
 * Decision, claim, addresses and ARP happen in this one step.
 */
export function considerTakeovers(turn: Turn): void {
  const { state, config, now } = turn;
  if (!canTakeOver(selfRole(config))) return;
  for (const [id, peer] of state.peers) {
    if (peer.liveness !== 'lost') {
      state.declared.delete(id);
      continue;
    }
    const addresses = takeable(turn, id, peer);
    if (addresses.length === 0) continue;
    const before = state.declared.get(id);
    const report = witnessVerdict(state, config, id, now);
    const list = addresses.map(addressText).join(', ');
    const policy = config.witnessPolicy;
    if (before === undefined) {
      const wait = report.verdict === 'hears' ? ': not taking over while a witness hears it' : '';
      emit(turn, 'declared', `${id} (${peer.role}) failed: silent ${Math.round(silenceMs(state, peer, now))} ms (≥ ${lostAfterMs(config)} ms); it holds ${list}; ${report.detail}${wait}`);
    }
    if (report.verdict !== before && report.verdict === 'agrees') emit(turn, 'witness-agrees', report.detail);
    if (report.verdict !== before && report.verdict === 'silent') {
      const next = policy === 'safety' ? `witness policy safety: not taking over ${list} until a witness confirms` : 'witness policy availability: taking over without a witness';
      emit(turn, 'witness-lost', `${report.detail}; ${next}`);
    }
    if (report.verdict === 'agrees' || (report.verdict === 'silent' && policy === 'availability')) {
      const why = report.verdict === 'agrees' ? `${report.detail} (witness policy ${policy})` : `${report.detail}; witness policy availability takes over anyway`;
      emit(turn, 'decided', `take over ${list} from ${id}: ${why}`);
      claim(turn, addresses, id);
      state.declared.set(id, 'taken');
    } else state.declared.set(id, report.verdict);
  }
}
