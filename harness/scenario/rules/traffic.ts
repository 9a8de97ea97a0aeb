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

/**
 * The applications each traffic kind verifies its answers against. Besides these, any kind may meet
 * a program (exec): it is the user's, and whatever it speaks the generator checks its answers on
 * the wire. lines is the one kind that meets stamp: it only checks that each answer begins with its line.
 */
const APPS_OF_KIND = {
  stream: ['echo'],
  rpc: ['echo'],
  bulk: ['echo'],
  kv: ['kv'],
  lines: ['echo', 'stamp'],
} as const satisfies Record<TrafficSpec['kind'], readonly AppName[]>;

/** Every application some traffic kind verifies. */
const VERIFIED_APPS: readonly AppName[] = [...new Set(Object.values(APPS_OF_KIND).flat())];

/** The applications a generator verifies its answers against, exec aside: none for kv in RESP, which needs a program such as redis-server. */
function appsOfTraffic(spec: TrafficSpec): readonly AppName[] {
  return spec.kind === 'kv' && spec.dialect === 'resp' ? [] : APPS_OF_KIND[spec.kind];
}

/** The traffic kinds whose answers `app` gives. */
function kindsServedBy(app: AppName): string[] {
  return Object.entries(APPS_OF_KIND).flatMap(([kind, apps]) => ((apps as readonly AppName[]).includes(app) ? [kind] : []));
}

/** `a`, `a or b`, `a, b or c`. */
function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** What each application does to a generator that expected another one, for the message. */
const WHAT_APP_DOES: Record<AppName, string> = {
  echo: 'which returns each command instead of answering it',
  kv: 'which answers commands instead of returning the bytes it receives',
  stamp: 'which answers each line with the line and 8 random hex digits',
  exec: 'a program of your choosing',
};

/** A generator whose answers the service's application does not produce: every one would fail verification. */
export const trafficNeedsApp: ScenarioRule = {
  name: 'traffic-needs-app',
  check(scenario, ctx) {
    const app = scenario.service.app;
    if (app === 'exec') return [];
    const served = scenario.traffic.map(appsOfTraffic);
    // The applications that would serve every generator (kv in RESP aside: it needs a program whatever else runs).
    const common = served.filter((apps) => apps.length > 0).reduce((all, apps) => all.filter((a) => apps.includes(a)), VERIFIED_APPS);
    return scenario.traffic.flatMap((spec, index): ConfigIssue[] => {
      const apps = served[index] ?? [];
      if (apps.includes(app)) return [];
      if (apps.length === 0) {
        return [issueAt(ctx, ['traffic', index, 'dialect'], `traffic ${spec.name} speaks RESP (the Redis protocol), but the service runs ${app}, ${WHAT_APP_DOES[app]}`, 'set service.app: exec with a RESP server, e.g. exec: { command: [redis-server, --port, "6379", --save, ""], connect: 6379 }, or use dialect: line with service.app: kv')];
      }
      const suggested = common.length > 0 ? common : apps;
      const mixed = common.length === 0 ? '; a scenario serves one application, so kv traffic and stream, rpc, bulk or lines traffic cannot run together' : '';
      return [issueAt(ctx, ['traffic', index, 'kind'], `traffic ${spec.name} (kind ${spec.kind}) needs service.app: ${orList(apps)}, but the service runs ${app}, ${WHAT_APP_DOES[app]}`, `set service.app: ${orList(suggested)}, or use traffic of kind ${orList(kindsServedBy(app))}${mixed}`)];
    });
  },
};
