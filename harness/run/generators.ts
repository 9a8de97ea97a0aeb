import { PassThrough } from 'node:stream';
import { readFromContainer } from '../backends/docker/files.js';
import { DEPLOY_DIR } from '../backends/docker/nodes.js';
import type { Operation } from '../history/types.js';
import { parseHistory } from '../metrics/index.js';
import type { Lab } from '../lab/lab.js';
import type { Scenario, TrafficSpec } from '../scenario/types.js';
import type { GeneratorProgress } from '../traffic/gen/recorder.js';

/** A running traffic generator; `done` brings its whole history once it has finished. */
export interface RunningGenerator {
  spec: TrafficSpec;
  done: Promise<{ exitCode: number; stderr: string; history: Operation[] }>;
}

/**
 * Starts one generator inside its node (`docker exec`, Node 18, from the deployed build), told to
 * begin at `startAt` on the host clock. It writes its history to a file in the node, read back when
 * it is done: only a progress line per second crosses `docker exec` while traffic runs, so neither
 * the pipe out of the container nor the runner's event loop (which injects faults) is in the path
 * of a single request.
 */
export function startGenerator(lab: Lab, scenario: Scenario, spec: TrafficSpec, seed: number, startAt: number, onProgress: (p: GeneratorProgress) => void): RunningGenerator {
  const historyFile = `/tmp/hatcp-history-${spec.name}.ndjson`;
  const args = JSON.stringify({ spec, host: scenario.service.vip, port: scenario.service.port, seed, startAt, historyFile });
  const out = new PassThrough();
  let pending = '';
  out.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (line.trim()) onProgress(JSON.parse(line) as GeneratorProgress);
    }
  });
  const done = lab.exec(spec.from, ['node', `${DEPLOY_DIR}/dist/harness/traffic/gen/main.js`, args], { stdout: out })
    .then(async (r) => {
      const text = await readFromContainer(lab.node(spec.from).containerId, historyFile);
      return { exitCode: r.exitCode, stderr: r.stderr + (text === '' ? `no history in ${spec.from}:${historyFile}` : ''), history: parseHistory(text) };
    });
  return { spec, done };
}

/** When the last generator is due to finish, as an offset from t0 (bulk transfers have no fixed end). */
export function trafficEndMs(scenario: Scenario): number {
  return Math.max(0, ...scenario.traffic.map((t) => t.startMs + ('durationMs' in t ? t.durationMs : 0)));
}
