import type { Throughput } from './types.js';
import type { Verified } from './verified-times.js';

/** Width of a throughput bin. */
export const BIN_MS = 100;

/** Verified bytes and operations per 100 ms bin from t0 to tEnd (operations outside are left out). */
export function throughput(verified: readonly Verified[], t0: number, tEnd: number): Throughput {
  const n = Math.max(1, Math.ceil((tEnd - t0) / BIN_MS));
  const bytes = new Array<number>(n).fill(0);
  const ops = new Array<number>(n).fill(0);
  for (const op of verified) {
    const i = Math.floor((op.t - t0) / BIN_MS);
    if (i < 0 || i >= n) continue;
    bytes[i]! += op.bytes;
    ops[i]! += 1;
  }
  return { binMs: BIN_MS, bytes, ops };
}
