/**
 * Who holds each address, as far as this node knows: the highest epoch wins; at equal epochs a
 * release beats a holding (the holder gave it up), and between two holders the smaller node id wins.
 */
import type { EpochAddress, OwnershipRecord } from '../protocol/record.js';
import type { Holding } from './state.js';

/** An ownership to compare: an epoch and its holder (none once released). */
export interface Claimant {
  epoch: number;
  holder?: string | undefined;
}

/** Whether ownership `a` supersedes ownership `b` of the same address. */
export function outranks(a: Claimant, b: Claimant): boolean {
  if (a.epoch !== b.epoch) return a.epoch > b.epoch;
  if (a.holder === undefined) return b.holder !== undefined;
  if (b.holder === undefined) return false;
  return a.holder < b.holder;
}

/** Learns from a peer's record: what it holds, and what it no longer holds (it released or was fenced). */
export function noteRecord(book: Map<string, Holding>, record: OwnershipRecord): void {
  for (const a of record.addresses) {
    const current = book.get(a.ip);
    const claimant = { prefix: a.prefix, epoch: a.epoch, holder: record.nodeId };
    if (current === undefined || outranks(claimant, current)) book.set(a.ip, claimant);
  }
  for (const [ip, current] of book) {
    if (current.holder === record.nodeId && !record.addresses.some((a) => a.ip === ip)) book.set(ip, { prefix: current.prefix, epoch: current.epoch });
  }
}

/** Learns from `from`'s release: the addresses it held at those epochs have no holder now. */
export function noteRelease(book: Map<string, Holding>, from: string, released: EpochAddress[]): void {
  for (const a of released) {
    const current = book.get(a.ip);
    const release = { prefix: a.prefix, epoch: a.epoch, releasedBy: from };
    if (current === undefined || current.epoch < a.epoch || (current.epoch === a.epoch && current.holder === from)) book.set(a.ip, release);
  }
}

/** The epoch a new claim of these IPs must carry: one above any epoch known for any of them. */
export function nextEpoch(book: Map<string, Holding>, ips: readonly string[]): number {
  return 1 + Math.max(0, ...ips.map((ip) => book.get(ip)?.epoch ?? 0));
}
