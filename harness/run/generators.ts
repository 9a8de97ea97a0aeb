import { PassThrough } from 'node:stream';
import { DEPLOY_DIR } from '../backends/docker/nodes.js';
import type { Operation } from '../history/types.js';
import type { Lab } from '../lab/lab.js';
import type { Scenario, TrafficSpec } from '../scenario/types.js';

/** A running traffic generator: its records arrive through `onRecord` as they are written. */
export interface RunningGenerator {
  spec: TrafficSpec;
  done: Promise<{ exitCode: number; stderr: string }>;
}

/**
 * Starts one generator inside its node (`docker exec`, Node 18, from the deployed build),
 * told to begin at `startAt` on the host clock; each NDJSON line it prints becomes a record.
 */
export function startGenerator(lab: Lab, scenario: Scenario, spec: TrafficSpec, seed: number, startAt: number, onRecord: (op: Operation) => void): RunningGenerator {
  const args = JSON.stringify({ spec, host: scenario.service.vip, port: scenario.service.port, seed, startAt });
  const out = new PassThrough();
  let pending = '';
  out.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (line.trim()) onRecord(JSON.parse(line) as Operation);
    }
  });
  const done = lab.exec(spec.from, ['node', `${DEPLOY_DIR}/dist/harness/traffic/gen/main.js`, args], { stdout: out })
    .then((r) => ({ exitCode: r.exitCode, stderr: r.stderr }));
  return { spec, done };
}

/** When the last generator is due to finish, as an offset from t0 (bulk transfers have no fixed end). */
export function trafficEndMs(scenario: Scenario): number {
  return Math.max(0, ...scenario.traffic.map((t) => t.startMs + ('durationMs' in t ? t.durationMs : 0)));
}
