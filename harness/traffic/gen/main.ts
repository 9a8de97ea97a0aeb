/**
 * The traffic generator process, run on a client node:
 * `node dist/harness/traffic/gen/main.js '{"spec":…,"host":…,"port":…,"seed":…,"startAt":…,"endAt":…}'`.
 * Writes one `Operation` per line to stdout, ending with `done`; exit 0 when done, 2 on a bad
 * argument, 1 on an internal failure. SIGTERM/SIGINT stop it early (still with `done`).
 * Runs on Node 18 from dist/: Node built-ins only.
 */
import { HatcpError } from '../../errors/hatcp-error.js';
import { now } from './clock.js';
import { parseGeneratorConfig } from './config.js';
import { LineBatcher } from './line-batcher.js';
import { Recorder } from './recorder.js';
import { runGenerator } from './run.js';

async function main(): Promise<number> {
  const cfg = parseGeneratorConfig(process.argv[2]);
  const stop = new AbortController();
  process.once('SIGTERM', () => stop.abort());
  process.once('SIGINT', () => stop.abort());
  process.stdout.on('error', () => undefined); // a reader gone away must not crash the run
  const rec = new Recorder(cfg.spec.name, new LineBatcher(process.stdout), now);
  await runGenerator(cfg, rec, now, stop.signal);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof HatcpError) {
      process.stderr.write(`${err.message}\n${err.hint ? `  fix: ${err.hint}\n` : ''}`);
      process.exit(err.exitCode);
    }
    process.stderr.write(`traffic generator failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
