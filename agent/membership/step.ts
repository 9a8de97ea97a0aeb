import type { Message } from '../protocol/message.js';
import type { StepResult } from './action.js';
import { noteRecord, noteRelease } from './address-book.js';
import { selfRole, type MembershipConfig } from './config.js';
import { considerFailback } from './failback.js';
import { fence } from './fencing.js';
import { maybeHeartbeat } from './heartbeat.js';
import { awaitFailback, claimHomeAddresses } from './home.js';
import type { Input } from './input.js';
import { ageLiveness, observe } from './liveness.js';
import { ownRecord } from './own-record.js';
import { assessProtection } from './protection.js';
import { bootedState, cloneState, type MembershipState } from './state.js';
import { considerTakeovers } from './takeover.js';
import { settleMs, stallMs } from './timing.js';
import { emit, send, type Turn } from './turn.js';

function boot(turn: Turn): void {
  const { config } = turn;
  emit(turn, 'booted', `${config.self} (${selfRole(config)}) in cluster ${config.clusterId}: heartbeat every ${config.intervalMs} ms, lost after ${config.misses}, witness policy ${config.witnessPolicy}, failback ${config.failback}`);
  send(turn, { kind: 'solicit' });
  send(turn, { kind: 'announce', record: ownRecord(turn.state, config) });
}

function receive(turn: Turn, message: Message): void {
  const { state, config } = turn;
  if (message.clusterId !== config.clusterId || message.from === config.self || !state.peers.has(message.from)) return;
  observe(turn, message.from, message.bootId);
  switch (message.kind) {
    case 'solicit':
      send(turn, { kind: 'announce', record: ownRecord(state, config) });
      return;
    case 'announce':
    case 'claim':
      state.peers.set(message.from, { ...state.peers.get(message.from)!, record: message.record });
      noteRecord(state.book, message.record);
      return;
    case 'heartbeat': {
      const view = { at: turn.now, suspects: message.suspects, heard: message.heard };
      state.peers.set(message.from, { ...state.peers.get(message.from)!, record: message.record, view });
      noteRecord(state.book, message.record);
      return;
    }
    case 'release':
      noteRelease(state.book, message.from, message.released);
      return;
    default:
      return assertNever(message);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled message ${JSON.stringify(value)}`);
}

/** Everything time or news may have changed, in dependency order. */
function evaluate(turn: Turn): void {
  const { state, now, config } = turn;
  ageLiveness(turn);
  if (state.phase === 'settling' && now - state.bootAt >= settleMs(config)) state.phase = 'up';
  claimHomeAddresses(turn);
  fence(turn);
  awaitFailback(turn);
  considerTakeovers(turn);
  considerFailback(turn);
  assessProtection(turn);
  maybeHeartbeat(turn);
}

/**
 * The membership and ownership state machine: pure, no clock, no I/O. Feed it every input in
 * order; perform the returned actions in order. `input.now` must come from a monotonic clock (an
 * older `now` than the last one is taken as the last one). `state` is not modified.
 */
export function step(state: MembershipState, input: Input, config: MembershipConfig): StepResult<MembershipState> {
  if (input.kind === 'boot') {
    const turn: Turn = { config, now: input.now, state: bootedState(config, input.now), actions: [] };
    boot(turn);
    evaluate(turn);
    return { state: turn.state, actions: turn.actions };
  }
  if (state.phase === 'down') return { state, actions: [] };
  const now = Math.max(state.now, input.now);
  const stalled = now - state.now > stallMs(config);
  const turn: Turn = { config, now, state: { ...cloneState(state), now, listeningSince: stalled ? now : state.listeningSince }, actions: [] };
  switch (input.kind) {
    case 'tick':
      break;
    case 'message':
      receive(turn, input.message);
      break;
    case 'connections':
      turn.state.connections = input.count;
      break;
    default:
      return assertNever(input);
  }
  evaluate(turn);
  return { state: turn.state, actions: turn.actions };
}
