import { addressText, type AddressRef } from '../protocol/record.js';
import { claim } from './claim.js';
import { emit, type Turn } from './turn.js';

function isFree(turn: Turn, a: AddressRef): boolean {
  const known = turn.state.book.get(a.ip);
  // Nobody was ever seen holding it: claim once the boot settle is over.
  if (known === undefined) return turn.state.phase === 'up';
  // Released (failback), or its holder dropped it: claim at once, even while settling.
  return known.holder === undefined;
}

/** Claims this node's home addresses that nobody holds: at boot after the settle, or once a standby releases them. */
export function claimHomeAddresses(turn: Turn): void {
  const { state, config } = turn;
  const free = config.owned.filter((a) => isFree(turn, a));
  if (free.length === 0) return;
  const regained = free.filter((a) => state.awaitingRelease.has(a.ip));
  // failback migrate: the connections the releasing node served come back with the addresses.
  const from = config.failback === 'migrate' ? regained.map((a) => state.book.get(a.ip)?.releasedBy).find((id) => id !== undefined) : undefined;
  claim(turn, free, from);
  for (const a of regained) emit(turn, 'failback-done', `${addressText(a)} regained from its holder${from !== undefined ? ` (${from}); its connections migrate back` : ''}`);
}

/** Notes once, for each home address held elsewhere, that its failback is awaited (unless the policy is never). */
export function awaitFailback(turn: Turn): void {
  const { state, config } = turn;
  if (config.failback === 'never') return;
  for (const a of config.owned) {
    const known = state.book.get(a.ip);
    if (known?.holder === undefined || known.holder === config.self || state.awaitingRelease.has(a.ip)) continue;
    state.awaitingRelease.add(a.ip);
    emit(turn, 'failback-start', `${addressText(a)} is held by ${known.holder} at epoch ${known.epoch}; failback ${config.failback}: waiting for its release`);
  }
}
