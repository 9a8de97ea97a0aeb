import type { Unit, Verdict } from '../metrics/types.js';

/** `3507.1 ms`, or `n/a`. */
export function ms(x: number | null): string {
  return x === null ? 'n/a' : `${x.toFixed(1)} ms`;
}

/** An offset from t0 in seconds: `3.001 s`. */
export function sec(atMs: number | null): string {
  return atMs === null ? 'n/a' : `${(atMs / 1000).toFixed(3)} s`;
}

/** A signed difference: `+1.2 ms`. */
export function signedMs(x: number): string {
  return `${x >= 0 ? '+' : '-'}${Math.abs(x).toFixed(1)} ms`;
}

/** A value of a figure in its unit. */
export function inUnit(x: number | null, unit: Unit): string {
  if (x === null) return 'n/a';
  switch (unit) {
    case 'ms':
      return ms(x);
    case 'bytes':
      return `${x} B`;
    case 'count':
      return String(x);
  }
}

/** `PASS`, `FAIL`, `INCONCLUSIVE`: verdicts stand out in text. */
export function verdictWord(v: Verdict): string {
  return v.toUpperCase();
}

/** `1 (2 without)`: how many runs a statistic covers. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
