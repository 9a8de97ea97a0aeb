/** A function from a domain value to a pixel. */
export type Scale = (v: number) => number;

/** Linear map of [d0, d1] onto [r0, r1]; an empty domain maps to r0. */
export function linear(d0: number, d1: number, r0: number, r1: number): Scale {
  const span = d1 - d0;
  return span === 0 ? () => r0 : (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/** Log10 map of [d0, d1] (both > 0) onto [r0, r1]; values at or below 0 are pinned to d0. */
export function log10(d0: number, d1: number, r0: number, r1: number): Scale {
  const l = linear(Math.log10(d0), Math.log10(d1), r0, r1);
  return (v) => l(Math.log10(Math.max(v, d0)));
}

/** 1, 2 or 5 times a power of ten, the smallest at or above `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/** Ticks at multiples of a nice step covering [0, max], about `count` of them; the last one ≥ max. */
export function niceTicks(max: number, count: number): number[] {
  const step = niceStep(max / count);
  const ticks: number[] = [];
  for (let i = 0; ticks.length === 0 || ticks.at(-1)! < max - 1e-9; i++) ticks.push(round(i * step));
  return ticks;
}

/** Decades 10^a … 10^b covering [min, max] (min > 0). */
export function decades(min: number, max: number): number[] {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(max)));
  return Array.from({ length: hi - lo + 1 }, (_, i) => round(10 ** (lo + i)));
}

function round(x: number): number {
  return Number(x.toPrecision(12));
}

/** Decade ticks, with 2× and 5× ticks in between when the range spans three decades or fewer. */
export function logTicks(min: number, max: number): number[] {
  const d = decades(min, max);
  if (d.length > 4) return d;
  return d.flatMap((t, i) => (i === d.length - 1 ? [t] : [t, round(t * 2), round(t * 5)]));
}
