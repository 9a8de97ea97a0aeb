/**
 * Refuses authentic messages seen before. Per sender it keeps the latest boot id with the highest
 * sequence number accepted in it, and the few boot ids that sender had before (so an old boot's
 * recorded traffic cannot be replayed after a restart). Memory is bounded: RETIRED_BOOTS_KEPT old
 * boot ids per sender, and MAX_SENDERS senders (least recently heard forgotten first).
 */

/** Whether an authentic message may be acted on. */
export type Freshness = 'fresh' | 'replay';

/** The fields of a message the guard looks at. */
export interface Stamp {
  from: string;
  bootId: string;
  seq: number;
}

/** Old boot ids remembered per sender; a boot older than this many restarts is accepted again. */
export const RETIRED_BOOTS_KEPT = 8;
/** Senders remembered; only authentic (MAC-checked) senders get here, so this is cluster size. */
export const MAX_SENDERS = 256;

interface SenderEntry {
  bootId: string;
  seq: number;
  retired: string[];
}

/** Replay protection state for one receiving socket. */
export class ReplayGuard {
  readonly #senders = new Map<string, SenderEntry>();

  constructor(private readonly maxSenders = MAX_SENDERS) {}

  /** Accepts (and remembers) a message if it is new for its sender and boot; call after decode. */
  check(stamp: Stamp): Freshness {
    const entry = this.#senders.get(stamp.from);
    let next: SenderEntry;
    if (entry === undefined) next = { bootId: stamp.bootId, seq: stamp.seq, retired: [] };
    else if (entry.bootId === stamp.bootId) {
      if (stamp.seq <= entry.seq) return 'replay';
      next = { ...entry, seq: stamp.seq };
    } else {
      if (entry.retired.includes(stamp.bootId)) return 'replay';
      next = { bootId: stamp.bootId, seq: stamp.seq, retired: [entry.bootId, ...entry.retired].slice(0, RETIRED_BOOTS_KEPT) };
    }
    this.#senders.delete(stamp.from); // re-insert: Map order is then least recently heard first
    this.#senders.set(stamp.from, next);
    if (this.#senders.size > this.maxSenders) this.#senders.delete(this.#senders.keys().next().value!);
    return 'fresh';
  }

  /** How many senders are remembered. */
  get size(): number {
    return this.#senders.size;
  }
}
