import type { MembershipState, Liveness, PeerState } from './state.js';
import { lostAfterMs, suspectAfterMs } from './timing.js';
import { emit, type Turn } from './turn.js';

/** How long a peer has been silent: since it was last heard, or since this node could listen (boot, end of a stall). */
export function silenceMs(state: MembershipState, peer: PeerState, now: number): number {
  return now - Math.max(peer.lastHeardAt ?? -Infinity, state.listeningSince);
}

/** Whether a peer is not (yet) declared failed. */
export function isAlive(peer: PeerState | undefined): boolean {
  return peer !== undefined && peer.liveness !== 'lost';
}

/** Records that a peer was just heard (any authentic message); emits peer-up when it was not up. */
export function observe(turn: Turn, id: string, bootId: string): void {
  const { state, now } = turn;
  const peer = state.peers.get(id);
  if (peer === undefined) return;
  const rebooted = peer.bootId !== undefined && peer.bootId !== bootId;
  if (peer.liveness !== 'up' || rebooted) {
    const why = rebooted
      ? `restarted (boot ${bootId}, was ${peer.bootId})`
      : peer.lastHeardAt === undefined
        ? 'first heard'
        : `heard again after ${Math.round(silenceMs(state, peer, now))} ms of silence`;
    emit(turn, 'peer-up', `${id} (${peer.role}) ${why}`);
  }
  // A restarted peer's old view says nothing about now.
  const view = rebooted ? undefined : peer.view;
  state.peers.set(id, { ...peer, liveness: 'up', lastHeardAt: now, bootId, view });
}

function livenessAfter(silence: number, peer: PeerState, turn: Turn): Liveness {
  if (silence >= lostAfterMs(turn.config)) return 'lost';
  if (silence >= suspectAfterMs(turn.config)) return 'suspected';
  return peer.lastHeardAt === undefined ? 'unknown' : 'up';
}

/** Moves silent peers to suspected, then lost, emitting each transition once. */
export function ageLiveness(turn: Turn): void {
  const { state, now, config } = turn;
  for (const [id, peer] of state.peers) {
    const silence = Math.round(silenceMs(state, peer, now));
    const next = livenessAfter(silence, peer, turn);
    if (next === peer.liveness || (next !== 'suspected' && next !== 'lost')) continue;
    const since = peer.lastHeardAt === undefined ? `never heard in ${silence} ms since boot` : `silent ${silence} ms`;
    if (peer.liveness === 'up' || peer.liveness === 'unknown') emit(turn, 'suspected', `${id} (${peer.role}) ${since} (suspected after ${suspectAfterMs(config)} ms)`);
    if (next === 'lost') emit(turn, 'peer-lost', `${id} (${peer.role}) ${since} (lost after ${config.misses} × ${config.intervalMs} ms)`);
    state.peers.set(id, { ...peer, liveness: next });
  }
}

/** Peers currently suspected or lost, in cluster order. */
export function suspects(state: MembershipState): string[] {
  return [...state.peers].filter(([, p]) => p.liveness === 'suspected' || p.liveness === 'lost').map(([id]) => id);
}
