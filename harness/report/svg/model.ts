import { revertEvents, revertLabel } from '../../metrics/fault-events.js';
import type { RunInput } from '../../metrics/run-input.js';
import type { RunMetrics, Verdict } from '../../metrics/types.js';
import { GAINS, LOSES } from '../../metrics/ownership.js';
import { PHASE_KINDS } from '../../metrics/waterfall.js';

/** What the timeline shows, in seconds from t0: the drawing's data, before any pixel. */
export interface TimelineModel {
  scenario: string;
  runId: string;
  verdict: Verdict;
  durationS: number;
  generators: string[];
  /** One per verified operation: its generator's index, when it came back, its RTT. */
  dots: { gen: number; atS: number; rttMs: number }[];
  binS: number;
  /** Verified kbit/s per bin. */
  kbps: number[];
  faults: { label: string; atS: number; untilS: number }[];
  reverts: { label: string; atS: number }[];
  reconnects: { atS: number; gen: string }[];
  errors: { atS: number; kind: string }[];
  agent: { atS: number; label: string }[];
}

const AGENT_KINDS: readonly string[] = [...PHASE_KINDS, ...GAINS, ...LOSES];

/** The timeline's data from a run and its metrics; everything outside [t0, tEnd] is left out. */
export function timelineModel(input: RunInput, m: RunMetrics): TimelineModel {
  const { t0 } = input;
  const durationS = Math.max(m.durationMs / 1000, 0.001);
  const s = (t: number) => (t - t0) / 1000;
  const inRun = (x: number) => x >= 0 && x <= durationS;
  const generators = m.generators.map((g) => g.gen);
  const ops = input.history;
  return {
    scenario: input.scenario.name,
    runId: input.runId,
    verdict: m.verdict,
    durationS,
    generators,
    dots: ops.flatMap((o) => (o.kind === 'verified' && inRun(s(o.t)) ? [{ gen: generators.indexOf(o.gen), atS: s(o.t), rttMs: o.rttMs }] : [])),
    binS: m.throughput.binMs / 1000,
    kbps: m.throughput.bytes.map((b) => (b * 8) / m.throughput.binMs),
    faults: m.faults.flatMap((f) => (f.appliedAtMs === null ? [] : [{
      label: `${f.id} ${f.label}`,
      atS: f.appliedAtMs / 1000,
      untilS: f.recoverMs === null ? durationS : (f.appliedAtMs + f.recoverMs) / 1000,
    }])),
    reverts: revertEvents(input.events).flatMap((e) => {
      const spec = input.scenario.faults.find((f) => f.id === e.fault);
      const label = spec ? `${e.fault} ${revertLabel(spec)}` : `${e.action} ${e.targets.join(',')} reverted`;
      return inRun(s(e.t)) ? [{ label, atS: s(e.t) }] : [];
    }),
    reconnects: m.overall.reconnects.filter((r) => inRun(r.atMs / 1000)).map((r) => ({ atS: r.atMs / 1000, gen: r.gen })),
    errors: ops.flatMap((o) => (o.kind === 'error' && inRun(s(o.t)) ? [{ atS: s(o.t), kind: o.error }] : [])),
    agent: input.events.flatMap((e) => (e.source === 'agent' && AGENT_KINDS.includes(e.kind) && inRun(s(e.t)) ? [{ atS: s(e.t), label: `${e.node} ${e.kind}` }] : [])),
  };
}
