import type { MembershipConfig } from './config.js';

/** A peer silent this many heartbeat intervals is suspected (one heartbeat missed, with slack for jitter). */
export const SUSPECT_AFTER_INTERVALS = 1.5;

/**
 * A booting node listens this many intervals before it claims its home addresses with no owner in
 * sight: long enough for every live peer's answer to the solicitation and one periodic heartbeat,
 * so a returning primary does not steal back an address a standby holds.
 */
export const BOOT_SETTLE_INTERVALS = 2;

/**
 * A gap of more than this many intervals between two inputs means this process did not run (it
 * was paused, swapped out, or the host froze): its peers' silence during the gap proves nothing.
 */
export const STALL_AFTER_INTERVALS = 1;

/** Silence after which a peer is suspected. */
export function suspectAfterMs(config: MembershipConfig): number {
  return SUSPECT_AFTER_INTERVALS * config.intervalMs;
}

/** Silence after which a peer is lost (declared failed). */
export function lostAfterMs(config: Pick<MembershipConfig, 'intervalMs' | 'misses'>): number {
  return config.misses * config.intervalMs;
}

/** The input gap beyond which this node treats itself as having stalled. */
export function stallMs(config: MembershipConfig): number {
  return STALL_AFTER_INTERVALS * config.intervalMs;
}

/** How long a booting node listens before it claims unowned home addresses. */
export function settleMs(config: MembershipConfig): number {
  return BOOT_SETTLE_INTERVALS * config.intervalMs;
}
