/**
 * The traffic generator process, run on a client node:
 * `node dist/harness/traffic/gen/main.js '{"spec":…,"host":…,"port":…,"seed":…,"startAt":…,"endAt":…}'`.
 * Writes one `Operation` per line, ending with `done`, to `historyFile` (then stdout gets one
 * progress line per second: the runner's event loop and the pipe out of the container stay out of
 * the request path) or else to stdout; exit 0 when done, 2 on a bad argument, 1 on an internal
 * failure. SIGTERM/SIGINT stop it early (still with `done`).
 * Runs on Node 18 from dist/: Node built-ins only.
 */
import { createWriteStream } from 'node:fs';
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
  const file = cfg.historyFile === undefined ? undefined : createWriteStream(cfg.historyFile);
  const rec = new Recorder(cfg.spec.name, new LineBatcher(file ?? process.stdout), now);
  const ticker = file ? setInterval(() => process.stdout.write(JSON.stringify(rec.progress()) + '\n'), 1000) : undefined;
  await runGenerator(cfg, rec, now, stop.signal);
  clearInterval(ticker);
  if (file) {
    await new Promise<void>((resolve, reject) => file.end((err?: Error | null) => (err ? reject(err) : resolve())));
    process.stdout.write(JSON.stringify(rec.progress()) + '\n');
  }
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
