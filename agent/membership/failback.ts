import { addressText, type EpochAddress, type FailbackPolicy } from '../protocol/record.js';
import { emit, send, type Turn } from './turn.js';

function release(turn: Turn, owner: string, released: EpochAddress[], policy: FailbackPolicy): void {
  const { state } = turn;
  // A migration must not let the owner read the witness's cache while this node still serves: the
  // addresses go (their connections frozen first, by the shell) before the release is sent.
  const migrate = policy === 'migrate';
  if (!migrate) send(turn, { kind: 'release', released, to: owner });
  for (const a of released) {
    state.held.delete(a.ip);
    state.adopted.delete(a.ip);
    state.book.set(a.ip, { prefix: a.prefix, epoch: a.epoch });
    turn.actions.push({ kind: 'removeAddress', address: { ip: a.ip, prefix: a.prefix } });
    emit(turn, 'vip-down', `${addressText(a)} released to ${owner} (failback ${policy}${migrate ? ': its connections frozen here, for the owner to rebuild' : ''})`);
  }
  if (migrate) send(turn, { kind: 'release', released, to: owner });
  emit(turn, 'failback-done', `released ${released.map(addressText).join(', ')} to ${owner}`);
}

/**
 * Gives taken-over addresses back to their owner once it is up again, as the owner's advertised
 * failback policy says: `never` keeps them, `immediate` releases now, `new-connections` releases
 * once this node reports no live connection (an unreported count counts as busy), `migrate`
 * releases now and the owner rebuilds the live connections (TCP takeover from the witness).
 */
export function considerFailback(turn: Turn): void {
  const { state } = turn;
  const byOwner = new Map<string, EpochAddress[]>();
  for (const [ip, owner] of state.adopted) {
    const held = state.held.get(ip);
    if (held !== undefined) byOwner.set(owner, [...(byOwner.get(owner) ?? []), { ip, prefix: held.prefix, epoch: held.epoch }]);
  }
  for (const id of state.failingBack) if (!byOwner.has(id)) state.failingBack.delete(id);
  for (const [owner, addresses] of byOwner) {
    const peer = state.peers.get(owner);
    const policy = peer?.record?.failback ?? 'never';
    if (peer?.liveness !== 'up' || policy === 'never') {
      state.failingBack.delete(owner);
      continue;
    }
    const ready = policy === 'immediate' || policy === 'migrate' || state.connections === 0;
    if (!state.failingBack.has(owner)) {
      const wait = ready ? 'releasing now' : state.connections === undefined ? 'waiting for a connection count of 0' : `waiting until the ${state.connections} live connections close`;
      emit(turn, 'failback-start', `${owner} is back; it wants ${addresses.map(addressText).join(', ')} back (failback ${policy}): ${wait}`);
      state.failingBack.add(owner);
    }
    if (ready) {
      release(turn, owner, addresses, policy);
      state.failingBack.delete(owner);
    }
  }
}
