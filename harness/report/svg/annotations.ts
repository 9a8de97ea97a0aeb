import { placeLabels } from './lanes.js';
import { RIGHT, type Geometry } from './geometry.js';
import type { TimelineModel } from './model.js';
import { el, n, text } from './xml.js';

/** Mark colours, shared with the legend. */
export const FAULT_RED = '#c62828';
export const RECONNECT_ORANGE = '#ef6c00';
export const AGENT_PURPLE = '#6a1b9a';
export const ERROR_RED = '#b71c1c';
/** A white outline behind annotation text, so that it stays readable over dots and bars. */
const HALO = { stroke: '#fff', 'stroke-width': 3, 'paint-order': 'stroke', 'stroke-linejoin': 'round' };

/** Light red from each fault to its recovery (or the end), across both panels; drawn under the data. */
export function faultWindows(m: TimelineModel, g: Geometry): string[] {
  return m.faults.map((f) => {
    const x0 = g.x(f.atS);
    const width = Math.max(1.5, g.x(f.untilS) - x0);
    return el('rect', { class: 'fault-window', x: x0, y: g.rtt.top, width, height: g.thr.bottom - g.rtt.top, fill: '#ffcdd2', 'fill-opacity': 0.55 });
  });
}

/** A vertical line at each fault (red) and revert (grey, dashed), labelled in the band above the panels. */
export function faultLines(m: TimelineModel, g: Geometry): string[] {
  const reverts = new Set(m.reverts.map((r) => r.label));
  return g.faultLabels.flatMap((p) => {
    const revert = reverts.has(p.text);
    const colour = revert ? '#616161' : FAULT_RED;
    const y = g.laneY(p.lane);
    return [
      el('line', { class: revert ? 'revert' : 'fault', x1: p.x, x2: p.x, y1: y - 9, y2: g.thr.bottom, stroke: colour, 'stroke-width': revert ? 1 : 1.4, 'stroke-dasharray': revert ? '4 3' : undefined }),
      text(p.textX, y, p.text, { 'text-anchor': p.anchor, 'font-size': 11, 'font-weight': revert ? undefined : 600, fill: colour, ...HALO }),
    ];
  });
}

/** An orange triangle on top of the RTT panel and a dashed line through it at each reconnect. */
export function reconnectMarks(m: TimelineModel, g: Geometry): string[] {
  return m.reconnects.flatMap((r) => {
    const x = g.x(r.atS);
    const t = g.rtt.top;
    return [
      el('line', { x1: x, x2: x, y1: t, y2: g.rtt.bottom, stroke: RECONNECT_ORANGE, 'stroke-width': 1, 'stroke-dasharray': '2 3' }),
      el('polygon', { class: 'reconnect', points: `${n(x - 4.5)},${n(t + 1)} ${n(x + 4.5)},${n(t + 1)} ${n(x)},${n(t + 9)}`, fill: RECONNECT_ORANGE }, `<title>reconnect (${r.gen})</title>`),
    ];
  });
}

/** A small cross at the bottom of the RTT panel for each client error (one per pixel). */
export function errorMarks(m: TimelineModel, g: Geometry): string[] {
  const y = g.rtt.bottom - 6;
  const xs = [...new Set(m.errors.map((e) => n(g.x(e.atS))))].map(Number);
  return xs.map((x) => el('path', { class: 'error', d: `M${n(x - 3)} ${n(y - 3)}L${n(x + 3)} ${n(y + 3)}M${n(x - 3)} ${n(y + 3)}L${n(x + 3)} ${n(y - 3)}`, stroke: ERROR_RED, 'stroke-width': 1.6 }));
}

/** Agent events: a purple tick on top of the throughput panel, labels stacked below it so that they do not overlap. */
export function agentTicks(m: TimelineModel, g: Geometry): string[] {
  const lanes = Math.max(1, Math.floor((g.thr.bottom - g.thr.top - 6) / 11));
  const placed = placeLabels(m.agent.map((a) => ({ x: g.x(a.atS), text: a.label })), RIGHT, lanes, 10);
  const y = (lane: number) => g.thr.top + 13 + lane * 11;
  // Leaders first: the labels' white halo then hides where a leader crosses a label of an upper lane.
  return [
    ...placed.map((p) => el('line', { x1: p.x, x2: p.x, y1: g.thr.top, y2: y(p.lane) - 3, stroke: AGENT_PURPLE, 'stroke-width': 1, 'stroke-opacity': 0.7 })),
    ...placed.map((p) => text(p.textX, y(p.lane), p.text, { class: 'agent', 'text-anchor': p.anchor, 'font-size': 10, fill: AGENT_PURPLE, ...HALO })),
  ];
}
