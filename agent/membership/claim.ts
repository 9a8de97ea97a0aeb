import { addressText, type AddressRef } from '../protocol/record.js';
import { nextEpoch } from './address-book.js';
import { ownRecord } from './own-record.js';
import { emit, send, type Turn } from './turn.js';

/**
 * Takes addresses at a new epoch, all in this one step: send the claim (so a stale holder fences
 * itself as early as possible), lock and fetch the failed node's connections (a takeover), put the
 * addresses on the interface, announce them by gratuitous ARP, rebuild the connections. `previous` is the node they are taken from (a takeover, or a failback migrate, where it
 * released them on purpose). Returns the epoch.
 */
export function claim(turn: Turn, addresses: AddressRef[], previous?: string): number {
  const { state, config } = turn;
  const epoch = nextEpoch(state.book, addresses.map((a) => a.ip));
  const added = addresses.filter((a) => !state.held.has(a.ip));
  for (const a of addresses) {
    state.held.set(a.ip, { prefix: a.prefix, epoch });
    state.book.set(a.ip, { prefix: a.prefix, epoch, holder: config.self });
    state.awaitingRelease.delete(a.ip);
    const home = config.owned.some((o) => o.ip === a.ip);
    if (previous !== undefined && !home) state.adopted.set(a.ip, previous);
    else state.adopted.delete(a.ip);
  }
  const claimed = addresses.map((a) => ({ ip: a.ip, prefix: a.prefix }));
  const list = claimed.map(addressText).join(', ');
  send(turn, { kind: 'claim', record: ownRecord(state, config), claimed, epoch, ...(previous !== undefined ? { previous } : {}) });
  emit(turn, 'claim-sent', `claimed ${list} at epoch ${epoch}${previous !== undefined ? ` from ${previous}` : ''}`);
  // The failed node's live connections come along (TCP takeover) unless the config says IP only.
  const takeConnections = previous !== undefined && config.tcpTakeover !== false && added.length > 0;
  const migration = added.every((a) => config.owned.some((o) => o.ip === a.ip));
  if (takeConnections) turn.actions.push({ kind: 'prepareConnections', from: previous, addresses: added.map((a) => ({ ip: a.ip, prefix: a.prefix })), migration });
  for (const a of added) {
    turn.actions.push({ kind: 'addAddress', address: { ip: a.ip, prefix: a.prefix } });
    emit(turn, 'vip-up', `${addressText(a)} added at epoch ${epoch}`);
  }
  // Announced before the connections are rebuilt: the client's segments then come here, where
  // the lock drops them until the rebuild is done (the dead holder would have dropped them too),
  // and the first one after the unlock is served, rather than waiting for an ARP sent afterwards.
  const { garpCount, garpSpacingMs } = config.arp;
  for (const a of addresses) {
    turn.actions.push({ kind: 'gratuitousArp', ip: a.ip, count: garpCount, spacingMs: garpSpacingMs });
    emit(turn, 'arp-sent', `${garpCount} gratuitous ARP for ${a.ip} (${config.mac}), ${garpSpacingMs} ms apart`);
  }
  if (takeConnections) turn.actions.push({ kind: 'restoreConnections', from: previous, addresses: added.map((a) => ({ ip: a.ip, prefix: a.prefix })) });
  return epoch;
}
