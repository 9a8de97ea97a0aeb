/**
 * The application server process on a primary/standby node:
 * `node dist/agent/service/serve.js --app echo --port 7000 [--host 0.0.0.0]`.
 * Logs one line to stderr when listening (`hatcp-serve: echo listening on HOST:PORT (pid N)`),
 * exits 0 on SIGTERM/SIGINT after closing its connections, 2 on bad arguments, 1 if it cannot
 * listen. Runs on Node 18 from dist/: Node built-ins only.
 */
import { parseServeArgs, ServeArgsError } from './args.js';
import { startServer, type RunningServer } from './server.js';

async function main(): Promise<void> {
  const opts = parseServeArgs(process.argv.slice(2));
  const log = (line: string): void => {
    process.stderr.write(`hatcp-serve: ${line}\n`);
  };
  // Handlers first: whoever reads the listen line may connect and signal at once.
  let server: RunningServer | undefined;
  const stop = (signal: string): void => {
    log(`${signal}: closing`);
    if (server === undefined) process.exit(0);
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  try {
    server = await startServer({ ...opts, log });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    log(`cannot listen on ${opts.host}:${opts.port} for ${opts.app}: ${why}\n  fix: free the port or pick another with --port`);
    process.exit(1);
  }
  log(`${opts.app} listening on ${opts.host}:${server.port} (pid ${process.pid})`);
}

main().catch((err: unknown) => {
  process.stderr.write(err instanceof ServeArgsError ? `${err.message}\n` : `hatcp-serve: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(err instanceof ServeArgsError ? 2 : 1);
});
