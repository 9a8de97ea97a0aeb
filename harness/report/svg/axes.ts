import { HEIGHT, LEFT, RIGHT, type Geometry } from './geometry.js';
import { el, text } from './xml.js';

const MONO = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

/** `0.1 ms`, `10 ms`, `1 s`. */
export function rttTickLabel(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

/** Both panels' frames, grid lines, tick labels and axis titles. */
export function axes(g: Geometry): string[] {
  const out: string[] = [];
  const grid = { stroke: '#ececec', 'stroke-width': 1 };
  for (const p of [g.rtt, g.thr]) {
    for (const t of g.xTicks) out.push(el('line', { x1: g.x(t), x2: g.x(t), y1: p.top, y2: p.bottom, ...grid }));
  }
  for (const t of g.rtt.ticks) {
    const y = g.rtt.y(t);
    out.push(el('line', { x1: LEFT, x2: RIGHT, y1: y, y2: y, ...grid }));
    out.push(text(LEFT - 6, y + 3.5, rttTickLabel(t), { 'text-anchor': 'end', 'font-family': MONO, 'font-size': 10, fill: '#555' }));
  }
  for (const t of g.thr.ticks) {
    const y = g.thr.y(t);
    out.push(el('line', { x1: LEFT, x2: RIGHT, y1: y, y2: y, ...grid }));
    out.push(text(LEFT - 6, y + 3.5, String(t), { 'text-anchor': 'end', 'font-family': MONO, 'font-size': 10, fill: '#555' }));
  }
  for (const t of g.xTicks) {
    out.push(el('line', { x1: g.x(t), x2: g.x(t), y1: g.thr.bottom, y2: g.thr.bottom + 4, stroke: '#888' }));
    out.push(text(g.x(t), g.thr.bottom + 15, String(t), { 'text-anchor': 'middle', 'font-family': MONO, 'font-size': 10, fill: '#555' }));
  }
  out.push(text((LEFT + RIGHT) / 2, HEIGHT - 10, 'seconds from traffic start (t0)', { 'text-anchor': 'middle', 'font-size': 11, fill: '#333' }));
  out.push(axisTitle(18, (g.rtt.top + g.rtt.bottom) / 2, 'RTT (log)'));
  out.push(axisTitle(18, (g.thr.top + g.thr.bottom) / 2, g.thr.unit));
  return out;
}

/** The frames, drawn last so that shading and bars do not cover them. */
export function frames(g: Geometry): string[] {
  return [g.rtt, g.thr].map((p) => el('rect', { x: LEFT, y: p.top, width: RIGHT - LEFT, height: p.bottom - p.top, fill: 'none', stroke: '#9e9e9e', 'stroke-width': 1 }));
}

function axisTitle(x: number, y: number, label: string): string {
  return text(x, y, label, { transform: `rotate(-90 ${x} ${Math.round(y)})`, 'text-anchor': 'middle', 'font-size': 11, fill: '#333' });
}
