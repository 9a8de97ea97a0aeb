import { textWidth } from './lanes.js';
import { LEFT } from './geometry.js';
import type { TimelineModel } from './model.js';
import { AGENT_PURPLE, ERROR_RED, FAULT_RED, RECONNECT_ORANGE } from './annotations.js';
import { GEN_COLOURS } from './data.js';
import { el, n, text } from './xml.js';

type Glyph = (x: number, y: number) => string;

/** A legend entry only for marks the timeline holds. */
function when(present: boolean, glyph: Glyph, label: string): [Glyph, string][] {
  return present ? [[glyph, label]] : [];
}

/** One row under the title: a glyph and a word for each kind of mark (reconnects, errors, reverts and agent events only when there are some). */
export function legend(m: TimelineModel, y: number): string {
  const items: [Glyph, string][] = [
    ...m.generators.map((gen, i): [Glyph, string] => [
      (x, cy) => el('circle', { cx: x + 5, cy, r: 3, fill: GEN_COLOURS[i % GEN_COLOURS.length] }),
      m.generators.length === 1 ? 'RTT of a verified op' : `RTT ${gen}`,
    ]),
    [(x, cy) => el('rect', { x, y: cy - 4, width: 10, height: 8, fill: '#bbdefb', stroke: '#1565c0' }), 'verified throughput'],
    [(x, cy) => el('rect', { x, y: cy - 4, width: 10, height: 8, fill: '#ffcdd2' }), 'fault to recovery'],
    [(x, cy) => el('line', { x1: x + 5, x2: x + 5, y1: cy - 5, y2: cy + 5, stroke: FAULT_RED, 'stroke-width': 1.4 }), 'fault'],
    ...when(m.reverts.length > 0, (x, cy) => el('line', { x1: x + 5, x2: x + 5, y1: cy - 5, y2: cy + 5, stroke: '#616161', 'stroke-dasharray': '3 2' }), 'revert'),
    ...when(m.reconnects.length > 0, (x, cy) => el('polygon', { points: `${n(x + 0.5)},${n(cy - 4)} ${n(x + 9.5)},${n(cy - 4)} ${n(x + 5)},${n(cy + 4)}`, fill: RECONNECT_ORANGE }), 'reconnect'),
    ...when(m.errors.length > 0, (x, cy) => el('path', { d: `M${n(x + 2)} ${n(cy - 3)}L${n(x + 8)} ${n(cy + 3)}M${n(x + 2)} ${n(cy + 3)}L${n(x + 8)} ${n(cy - 3)}`, stroke: ERROR_RED, 'stroke-width': 1.6 }), 'client error'),
    ...when(m.agent.length > 0, (x, cy) => el('line', { x1: x + 5, x2: x + 5, y1: cy - 5, y2: cy + 5, stroke: AGENT_PURPLE }), 'agent event'),
  ];
  const out: string[] = [];
  let x = LEFT;
  for (const [glyph, label] of items) {
    out.push(glyph(x, y - 4), text(x + 14, y, label, { 'font-size': 11, fill: '#333' }));
    x += 14 + textWidth(label, 10) + 16;
  }
  return el('g', { class: 'legend' }, out.join(''));
}
