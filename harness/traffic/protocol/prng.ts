/**
 * Deterministic pseudo-random bytes: the same (seed, index, domain) always gives the same bytes on
 * every machine, so a verifier regenerates what the sender wrote instead of remembering it.
 */

/** Which family of data a key is for, so frame payloads and bulk chunks never coincide. */
export type DataDomain = 'frame' | 'bulk';

const DOMAIN_SALT: Record<DataDomain, number> = { frame: 0x66726d31, bulk: 0x626c6b31 };

/** murmur3's 32-bit finaliser: a cheap bijective mixer. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The 32-bit key of one message or chunk; `seed` may be any safe integer (both halves count). */
export function dataKey(seed: number, index: number, domain: DataDomain): number {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 0x100000000) >>> 0;
  return mix32(mix32(mix32(lo ^ DOMAIN_SALT[domain]) ^ hi) ^ (index >>> 0));
}

/** Fills `target` with mulberry32's output from `key`, four little-endian bytes per step. */
export function fillPseudoRandom(target: Uint8Array, key: number): void {
  let a = key | 0;
  const n = target.length;
  for (let i = 0; i < n; i += 4) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    const v = (t ^ (t >>> 14)) >>> 0;
    target[i] = v & 0xff;
    if (i + 1 < n) target[i + 1] = (v >>> 8) & 0xff;
    if (i + 2 < n) target[i + 2] = (v >>> 16) & 0xff;
    if (i + 3 < n) target[i + 3] = v >>> 24;
  }
}
