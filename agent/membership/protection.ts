import { selfRole } from './config.js';
import { isAlive } from './liveness.js';
import { lostAfterMs } from './timing.js';
import { emit, type Turn } from './turn.js';

function problems(turn: Turn): string[] {
  const { state, config } = turn;
  const out: string[] = [];
  const witnesses = config.nodes.filter((n) => n.role === 'witness' && n.id !== config.self).map((n) => n.id);
  if (witnesses.length === 0) out.push('the cluster has no witness to confirm a failover');
  else if (!witnesses.some((id) => isAlive(state.peers.get(id)))) out.push(`witness ${witnesses.join(', ')} lost (silent ≥ ${lostAfterMs(config)} ms): a failover could not be confirmed`);
  const targets = config.failoverPolicy.filter((id) => id !== config.self);
  if (state.held.size > 0 && targets.length > 0 && !targets.some((id) => isAlive(state.peers.get(id)))) out.push(`failover target ${targets.join(', ')} lost: nobody could take over`);
  return out;
}

/**
 * Tracks whether a failover is still possible for a primary or standby: a witness is heard and,
 * while it holds addresses, a failover target too. A node that loses protection keeps serving.
 */
export function assessProtection(turn: Turn): void {
  const { state, config } = turn;
  const role = selfRole(config);
  if (role !== 'primary' && role !== 'standby') return;
  const found = problems(turn);
  if (state.protected && found.length > 0) {
    const serving = state.held.size > 0 ? '; still serving its addresses' : '';
    emit(turn, 'protection-lost', `${found.join('; ')}${serving}`);
    state.protected = false;
  } else if (!state.protected && found.length === 0) {
    emit(turn, 'protection-restored', 'a witness and a failover target are heard again');
    state.protected = true;
  }
}
