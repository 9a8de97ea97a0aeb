/**
 * The bulk stream: `bytes` pseudo-random bytes cut into 64 KiB chunks, chunk k a pure function of
 * (seed, k). The client writes it through the echo app and compares what comes back. The bytes
 * carry no header: in a pcap a bulk connection is opaque data at full speed.
 */
import { dataKey, fillPseudoRandom } from './prng.js';

/** Chunk size: the unit of `sent` / `verified` records for bulk traffic. */
export const BULK_CHUNK = 64 * 1024;

/** How many chunks a transfer of `total` bytes has. */
export function chunkCount(total: number): number {
  return Math.ceil(total / BULK_CHUNK);
}

/** Length of chunk `index` of a `total`-byte transfer (the last one may be short). */
export function chunkLength(total: number, index: number): number {
  return Math.max(0, Math.min(BULK_CHUNK, total - index * BULK_CHUNK));
}

/** The bytes of chunk `index`. */
export function bulkChunk(seed: number, total: number, index: number): Buffer {
  const chunk = Buffer.allocUnsafe(chunkLength(total, index));
  fillPseudoRandom(chunk, dataKey(seed, index, 'bulk'));
  return chunk;
}
