import { agentsReady } from '../history/agents-ready.js';
import type { RunInput } from './run-input.js';
import type { RunMetrics } from './types.js';
import { generatorContinuity, overallContinuity } from './continuity.js';
import { evaluate, verdictOf } from './expectations.js';
import { scheduledFaults } from './fault-events.js';
import { faultMetrics } from './faults.js';
import { latency, type Window } from './latency.js';
import { ownership } from './ownership.js';
import { us } from './stats.js';
import { throughput } from './throughput.js';
import { verifiedOps } from './verified-times.js';

/** Every figure of one run, from its history and events: continuity, faults, latency, throughput, VIP ownership, verdict. */
export function computeMetrics(input: RunInput): RunMetrics {
  const { t0, tEnd, history, events, scenario } = input;
  const names = [...new Set([...scenario.traffic.map((t) => t.name), ...history.map((o) => o.gen)])];
  const generators = names.map((gen) => generatorContinuity(gen, history, t0));
  const overall = overallContinuity(generators);
  const verified = verifiedOps(history);
  const scheduled = scheduledFaults(scenario.faults, events);
  const faults = faultMetrics(scheduled, { t0, tEnd, verified, events, reconnects: overall.reconnects });
  const windows: Window[] = scheduled.flatMap(({ event }, i) => {
    const f = faults[i];
    if (!event || !f) return [];
    return [{ from: event.applied, to: f.recoverMs === null ? tEnd : event.applied + f.recoverMs }];
  });
  const notApplied = faults.filter((f) => f.appliedAtMs === null)
    .map((f) => `${f.id} ${f.label} (due at ${f.scheduledAtMs} ms) was never applied: no fault event for it in events.ndjson`);
  const inconclusive = [...input.inconclusive, ...notApplied];
  const expectations = evaluate(scenario.expect, overall, faults);
  const ready = agentsReady(events);
  return {
    ...(ready?.detail ? { bringUp: { atMs: us(ready.t - t0), detail: ready.detail } } : {}),
    durationMs: us(tEnd - t0),
    generators,
    overall,
    faults,
    latency: latency(verified, windows),
    throughput: throughput(verified, t0, tEnd),
    ownership: ownership(events, t0, tEnd),
    expectations,
    inconclusive,
    verdict: verdictOf(expectations, inconclusive),
  };
}
