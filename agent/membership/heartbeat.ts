import type { HeartbeatBody } from '../protocol/message.js';
import type { MembershipConfig } from './config.js';
import { suspects } from './liveness.js';
import { ownRecord } from './own-record.js';
import type { MembershipState } from './state.js';
import { send, type Turn } from './turn.js';

/** This node's heartbeat: its record, how long ago it heard each peer, and whom it suspects. */
export function heartbeatBody(state: MembershipState, config: MembershipConfig, now: number): HeartbeatBody {
  const heard = [...state.peers].flatMap(([node, p]) => (p.lastHeardAt === undefined ? [] : [{ node, agoMs: Math.max(0, Math.round(now - p.lastHeardAt)) }]));
  return { kind: 'heartbeat', record: ownRecord(state, config), heard, suspects: suspects(state) };
}

/** Sends a heartbeat when one is due, or at once when the set of suspects changed (so witnesses speak up fast). */
export function maybeHeartbeat(turn: Turn): void {
  const { state, config, now } = turn;
  const current = suspects(state);
  const changed = current.join() !== state.sentSuspects.join();
  const due = now >= state.nextHeartbeatAt;
  if (!due && !changed) return;
  send(turn, heartbeatBody(state, config, now));
  state.sentSuspects = current;
  // Keep the cadence; after a stall (a paused process) restart it from now instead of bursting.
  if (due) state.nextHeartbeatAt = now - state.nextHeartbeatAt >= config.intervalMs ? now + config.intervalMs : state.nextHeartbeatAt + config.intervalMs;
}
