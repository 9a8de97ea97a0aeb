/** Rules about the traffic generators. */
import type { AppName } from '../../../agent/service/app.js';
import type { ConfigIssue } from '../../errors/hatcp-error.js';
import { issueAt } from '../../topology/rules/rule.js';
import { echoTrafficProblem } from '../../traffic/echo-compat.js';
import type { TrafficSpec } from '../types.js';
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

/** The application each traffic kind verifies its answers against (kv in RESP: a program such as redis-server). */
function appOfTraffic(spec: TrafficSpec): AppName {
  if (spec.kind !== 'kv') return 'echo';
  return spec.dialect === 'resp' ? 'exec' : 'kv';
}

/** What each application does to a generator that expected another one, for the message. */
const WHAT_APP_DOES: Record<AppName, string> = {
  echo: 'which returns each command instead of answering it',
  kv: 'which answers commands instead of returning the bytes it receives',
  stamp: 'which adds random bytes to every line: no traffic kind can verify its output',
  exec: 'a program of your choosing',
};

/** A generator whose answers the service's application does not produce: every one would fail verification. */
export const trafficNeedsApp: ScenarioRule = {
  name: 'traffic-needs-app',
  check(scenario, ctx) {
    const app = scenario.service.app;
    const needed = new Set(scenario.traffic.map(appOfTraffic).filter((needs) => needs !== 'exec'));
    return scenario.traffic.flatMap((spec, index): ConfigIssue[] => {
      const needs = appOfTraffic(spec);
      // A program is the user's: whatever it speaks, the generator checks its answers on the wire.
      if (needs === app || app === 'exec') return [];
      if (needs === 'exec') {
        return [issueAt(ctx, ['traffic', index, 'dialect'], `traffic ${spec.name} speaks RESP (the Redis protocol), but the service runs ${app}, ${WHAT_APP_DOES[app]}`, 'set service.app: exec with a RESP server, e.g. exec: { command: [redis-server, --port, "6379", --save, ""], connect: 6379 }, or use dialect: line with service.app: kv')];
      }
      const other = needs === 'kv' ? 'or use traffic of kind stream, rpc or bulk (they need echo)' : 'or use traffic of kind kv';
      const mixed = needed.size > 1 ? '; a scenario serves one application, so kv traffic and stream, rpc or bulk traffic cannot run together' : '';
      return [issueAt(ctx, ['traffic', index, 'kind'], `traffic ${spec.name} (kind ${spec.kind}) needs service.app: ${needs}, but the service runs ${app}, ${WHAT_APP_DOES[app]}`, `set service.app: ${needs}, ${other}${mixed}`)];
    });
  },
};
