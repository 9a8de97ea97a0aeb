import type { Geometry } from './geometry.js';
import type { TimelineModel } from './model.js';
import { el, n } from './xml.js';

/** One colour per generator, colour-blind-friendly enough for up to five. */
export const GEN_COLOURS = ['#1565c0', '#2e7d32', '#6a1b9a', '#00838f', '#ad1457'];

/** Most dots a timeline holds: beyond it the grid the dots snap to coarsens (1, 2, 4, 8 px), so files stay small. */
export const MAX_DOTS = 20_000;

/** An RTT dot per verified operation, snapped to a pixel grid; dots of one generator on the same grid point are drawn once. */
export function rttDots(m: TimelineModel, g: Geometry): string[] {
  let byGen = snapped(m, g, 1);
  for (let grid = 2; grid <= 8 && count(byGen) > MAX_DOTS; grid *= 2) byGen = snapped(m, g, grid);
  return [...byGen].map(([gen, dots]) => el('g', { class: 'rtt', fill: GEN_COLOURS[Math.max(0, gen) % GEN_COLOURS.length], 'fill-opacity': 0.75 },
    [...dots].map((xy) => `<circle cx="${xy.split(' ')[0]}" cy="${xy.split(' ')[1]}" r="1.8"/>`).join('')));
}

function snapped(m: TimelineModel, g: Geometry, grid: number): Map<number, Set<string>> {
  const byGen = new Map<number, Set<string>>();
  const snap = (v: number) => n(Math.round(v / grid) * grid);
  for (const d of m.dots) {
    const dots = byGen.get(d.gen) ?? new Set<string>();
    dots.add(`${snap(g.x(d.atS))} ${snap(g.rtt.y(d.rttMs))}`);
    byGen.set(d.gen, dots);
  }
  return byGen;
}

function count(byGen: Map<number, Set<string>>): number {
  let total = 0;
  for (const s of byGen.values()) total += s.size;
  return total;
}

/** Verified throughput as a filled step line, one step per bin. */
export function throughputArea(m: TimelineModel, g: Geometry): string {
  const base = g.thr.bottom;
  const parts = [`M${n(g.x(0))} ${n(base)}`];
  m.kbps.forEach((k, i) => {
    const y = n(g.thr.y(k / g.thr.divisor));
    parts.push(`L${n(g.x(i * m.binS))} ${y}`, `L${n(g.x(Math.min((i + 1) * m.binS, m.durationS)))} ${y}`);
  });
  parts.push(`L${n(g.x(Math.min(m.kbps.length * m.binS, m.durationS)))} ${n(base)}Z`);
  return el('path', { class: 'throughput', d: parts.join(' '), fill: '#bbdefb', stroke: '#1565c0', 'stroke-width': 1, 'stroke-linejoin': 'round' });
}
