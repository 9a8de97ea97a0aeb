/** Rules about when faults happen relative to the traffic. */
import { issueAt } from '../../topology/rules/rule.js';
import { formatDuration } from '../../topology/units.js';
import type { TrafficSpec } from '../types.js';
import { faultPath, type ScenarioRule } from './rule.js';

/** When a generator is due to finish, or undefined for bulk transfers (they end when their bytes are through). */
export function trafficEndMs(spec: TrafficSpec): number | undefined {
  return spec.kind === 'bulk' ? undefined : spec.startMs + spec.durationMs;
}

/** A fault before the first generator starts: nothing would observe it. */
export const faultBeforeTraffic: ScenarioRule = {
  name: 'fault-before-traffic',
  check(scenario, ctx) {
    const first = [...scenario.traffic].sort((a, b) => a.startMs - b.startMs)[0];
    if (!first) return [];
    return scenario.faults
      .filter((fault) => fault.atMs < first.startMs)
      .map((fault) =>
        issueAt(
          ctx,
          faultPath(fault, 'at'),
          `${formatDuration(fault.atMs)} is before the traffic starts (${first.name} starts at ${formatDuration(first.startMs)})`,
          `move the fault to ${formatDuration(first.startMs)} or later, or start ${first.name} earlier (start: ${formatDuration(fault.atMs)})`,
        ),
      );
  },
};

/** A fault at or after the end of the longest generator: nothing would observe it. */
export const faultAfterTraffic: ScenarioRule = {
  name: 'fault-after-traffic',
  check(scenario, ctx) {
    const ends = scenario.traffic.map((spec) => ({ spec, end: trafficEndMs(spec) }));
    if (ends.some(({ end }) => end === undefined)) return []; // a bulk transfer has no end known in advance
    const last = ends.sort((a, b) => (b.end ?? 0) - (a.end ?? 0))[0];
    if (!last || last.end === undefined) return [];
    const end = last.end;
    return scenario.faults
      .filter((fault) => fault.atMs >= end)
      .map((fault) => {
        // Long enough to see the fault, its revert if timed, and 2 s of recovery.
        const longer = fault.atMs + (fault.durationMs ?? 0) + 2000;
        return issueAt(
          ctx,
          faultPath(fault, 'at'),
          `${formatDuration(fault.atMs)} is not before the traffic ends (${last.spec.name} ends at ${formatDuration(end)})`,
          `move the fault before ${formatDuration(end)}, or make ${last.spec.name} run longer (e.g. duration: ${formatDuration(longer - last.spec.startMs)}, to end at ${formatDuration(longer)})`,
        );
      });
  },
};
