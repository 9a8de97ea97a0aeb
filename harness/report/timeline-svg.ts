import type { RunInput } from '../metrics/run-input.js';
import type { RunMetrics, Verdict } from '../metrics/types.js';
import { agentTicks, errorMarks, faultLines, faultWindows, reconnectMarks } from './svg/annotations.js';
import { axes, frames } from './svg/axes.js';
import { rttDots, throughputArea } from './svg/data.js';
import { geometry, HEIGHT, LEFT, RIGHT, WIDTH } from './svg/geometry.js';
import { legend } from './svg/legend.js';
import { timelineModel } from './svg/model.js';
import { el, esc, text } from './svg/xml.js';

const VERDICT_COLOUR: Record<Verdict, string> = { pass: '#2e7d32', fail: '#c62828', inconclusive: '#ef6c00' };

/**
 * timeline.svg of one run, self-contained (no script, no external font): RTT of every verified
 * operation above, verified throughput per 100 ms below, on one time axis from t0; faults shaded
 * to their recovery and labelled, reverts, reconnects, client errors and agent events marked.
 */
export function renderTimelineSvg(input: RunInput, metrics: RunMetrics): string {
  const m = timelineModel(input, metrics);
  const g = geometry(m);
  const clip = el('clipPath', { id: 'plot' }, el('rect', { x: LEFT, y: g.rtt.top, width: RIGHT - LEFT, height: g.thr.bottom - g.rtt.top }));
  const title = el('text', { x: LEFT, y: 22, 'font-size': 15, fill: '#111' },
    `${esc(m.scenario)} <tspan fill="#666" font-weight="400">run ${esc(m.runId)}</tspan> ${el('tspan', { fill: VERDICT_COLOUR[m.verdict], 'font-weight': 700 }, m.verdict.toUpperCase())}`);
  const body = [
    el('rect', { width: WIDTH, height: HEIGHT, fill: '#fff' }),
    el('defs', {}, clip),
    title,
    text(RIGHT, 22, `t0 ${new Date(input.t0).toISOString()}`, { 'text-anchor': 'end', 'font-size': 11, fill: '#666' }),
    legend(m, 40),
    el('g', { 'clip-path': 'url(#plot)' }, faultWindows(m, g).join('')),
    ...axes(g),
    el('g', { 'clip-path': 'url(#plot)' }, [throughputArea(m, g), ...rttDots(m, g)].join('')),
    ...frames(g),
    ...reconnectMarks(m, g),
    ...errorMarks(m, g),
    ...agentTicks(m, g),
    ...faultLines(m, g),
  ];
  const root = {
    xmlns: 'http://www.w3.org/2000/svg',
    width: WIDTH,
    height: HEIGHT,
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    role: 'img',
    'aria-label': `${m.scenario} run ${m.runId}: ${m.verdict}`,
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${el('svg', root, `<title>${esc(`${m.scenario} run ${m.runId}: ${m.verdict}`)}</title>\n${body.join('\n')}`)}\n`;
}
