import type { Scenario } from '../scenario/types.js';
import type { ScenarioSummary } from './types.js';

/** The scenario as report.json carries it: everything but the topology's networks and images (in scenario.json). */
export function scenarioSummary(s: Scenario): ScenarioSummary {
  return {
    name: s.name,
    source: s.source ?? null,
    topology: { name: s.topology.name, nodes: s.topology.nodes.map((n) => ({ name: n.name, role: n.role, ips: n.links.map((l) => l.ip) })) },
    service: s.service,
    agent: s.agent,
    traffic: s.traffic,
    faults: s.faults.map((f) => ({ ...f, durationMs: f.durationMs ?? null })),
    expect: Object.fromEntries(Object.entries(s.expect).filter(([, v]) => v !== undefined)),
    repeat: s.repeat,
    rerunInconclusive: s.rerunInconclusive,
    seed: s.seed,
    drainMs: s.drainMs,
    capture: s.capture,
  };
}
