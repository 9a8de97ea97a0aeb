import { decades, linear, log10, logTicks, niceTicks, type Scale } from './scales.js';
import { laneCount, placeLabels, type PlacedLabel } from './lanes.js';
import type { TimelineModel } from './model.js';

/** The drawing's size and the plot's horizontal extent, in px. */
export const WIDTH = 960;
export const HEIGHT = 480;
export const LEFT = 72;
export const RIGHT = WIDTH - 28;
const BAND_TOP = 50;
const LANE = 13;
const BOTTOM = HEIGHT - 46;
const GAP = 12;

/** Pixels for everything: panels, scales, ticks, and where fault labels go. */
export interface Geometry {
  x: Scale;
  xTicks: number[];
  /** Baseline of fault-label lane i. */
  laneY: (lane: number) => number;
  faultLabels: PlacedLabel[];
  rtt: { top: number; bottom: number; y: Scale; ticks: number[] };
  thr: { top: number; bottom: number; y: Scale; ticks: number[]; unit: 'kbit/s' | 'Mbit/s'; divisor: number };
}

/** Lays the timeline out: fault labels take as many lanes as they need (up to 3), the panels share the rest 3:2. */
export function geometry(m: TimelineModel): Geometry {
  const x = linear(0, m.durationS, LEFT, RIGHT);
  const requests = [...m.faults, ...m.reverts].map((f) => ({ x: x(f.atS), text: f.label }));
  const faultLabels = placeLabels(requests, RIGHT, 3);
  const lanes = Math.max(1, laneCount(faultLabels));
  const top = BAND_TOP + lanes * LANE + 6;
  const usable = BOTTOM - top - GAP;
  const rttBottom = top + Math.round(usable * 0.6);
  const thrTop = rttBottom + GAP;

  // Loops, not Math.min(...xs): a long rpc run has more operations than a call may have arguments.
  let lo = Infinity;
  let hi = 0;
  for (const d of m.dots) {
    if (d.rttMs > 0 && d.rttMs < lo) lo = d.rttMs;
    if (d.rttMs > hi) hi = d.rttMs;
  }
  if (hi === 0) [lo, hi] = [0.1, 100];
  lo = Math.max(0.01, lo);
  const rttDomain = decades(lo, hi);
  const rttTicks = logTicks(lo, hi);
  const maxKbps = m.kbps.reduce((a, b) => Math.max(a, b), 0);
  const mbit = maxKbps >= 10_000;
  const divisor = mbit ? 1000 : 1;
  const thrTicks = niceTicks(Math.max(maxKbps / divisor, 1), 3);
  return {
    x,
    xTicks: niceTicks(m.durationS, 12).filter((t) => t <= m.durationS + 1e-9),
    laneY: (lane) => BAND_TOP + (lane + 1) * LANE - 3,
    faultLabels,
    rtt: { top, bottom: rttBottom, y: log10(rttDomain[0]!, rttDomain.at(-1)!, rttBottom, top), ticks: rttTicks },
    thr: { top: thrTop, bottom: BOTTOM, y: linear(0, thrTicks.at(-1)!, BOTTOM, thrTop), ticks: thrTicks, unit: mbit ? 'Mbit/s' : 'kbit/s', divisor },
  };
}
