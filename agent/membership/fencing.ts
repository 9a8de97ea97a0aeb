import { addressText } from '../protocol/record.js';
import { outranks } from './address-book.js';
import { emit, type Turn } from './turn.js';

/**
 * Drops at once every held address that someone holds (or released) at a higher epoch: this node
 * is stale, typically a primary that was paused or partitioned while a standby took over.
 */
export function fence(turn: Turn): void {
  const { state, config } = turn;
  for (const [ip, held] of state.held) {
    const best = state.book.get(ip);
    if (best === undefined || best.holder === config.self || !outranks(best, { epoch: held.epoch, holder: config.self })) continue;
    const address = { ip, prefix: held.prefix };
    state.held.delete(ip);
    state.adopted.delete(ip);
    turn.actions.push({ kind: 'removeAddress', address });
    const by = best.holder === undefined ? 'released' : `held by ${best.holder}`;
    emit(turn, 'fenced', `${addressText(address)} is ${by} at epoch ${best.epoch}, above this node's epoch ${held.epoch}`);
    emit(turn, 'vip-down', `${addressText(address)} removed (fenced)`);
  }
}
