/** Rules about the traffic generators. */
import type { ConfigIssue } from '../../errors/hatcp-error.js';
import { issueAt } from '../../topology/rules/rule.js';
import { echoTrafficProblem } from '../../traffic/echo-compat.js';
import type { ScenarioRule } from './rule.js';

/** Two generators with the same name (given or defaulted): their records would mix in history.ndjson. */
export const duplicateTrafficName: ScenarioRule = {
  name: 'duplicate-traffic-name',
  check(scenario, ctx) {
    const first = new Map<string, number>();
    return scenario.traffic.flatMap((spec, index): ConfigIssue[] => {
      const earlier = first.get(spec.name);
      if (earlier === undefined) {
        first.set(spec.name, index);
        return [];
      }
      return [issueAt(ctx, ['traffic', index, 'name'], `${spec.name} is already the name of traffic.${earlier}`, `give each generator its own name, e.g. name: ${spec.name}-${index + 1}`)];
    });
  },
};

/** A generator the service's application cannot serve (e.g. bulk down with the echo app). */
export const trafficAppMismatch: ScenarioRule = {
  name: 'traffic-app-mismatch',
  check(scenario, ctx) {
    return scenario.traffic.flatMap((spec, index): ConfigIssue[] => {
      const problem = scenario.service.app === 'echo' ? echoTrafficProblem(spec) : undefined;
      return problem ? [issueAt(ctx, ['traffic', index, 'direction'], problem.message, problem.hint)] : [];
    });
  },
};
