/**
 * The application server process on a primary/standby node:
 * `node dist/agent/service/serve.js --app echo --port 7000 [--host 0.0.0.0]`.
 * Logs one line to stderr when listening (`hatcp-serve: echo listening on HOST:PORT (pid N)`),
 * exits 0 on SIGTERM/SIGINT after closing its connections, 2 on bad arguments, 1 if it cannot
 * listen. Runs on Node 18 from dist/: Node built-ins only.
 */
import { parseServeArgs, ServeArgsError } from './args.js';
import type { Application } from './app.js';
import { startApplication } from './apps/create-app.js';
import { startServer, type RunningServer } from './server.js';

async function main(): Promise<void> {
  const opts = parseServeArgs(process.argv.slice(2));
  const log = (line: string): void => {
    process.stderr.write(`hatcp-serve: ${line}\n`);
  };
  // Handlers first: whoever reads the listen line may connect and signal at once.
  let server: RunningServer | undefined;
  let app: Application | undefined;
  const stop = (signal: string): void => {
    log(`${signal}: closing`);
    void Promise.all([server?.close(), app?.stop()]).then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  try {
    app = await startApplication(opts, log);
  } catch (err) {
    log(`cannot start ${opts.app}: ${err instanceof Error ? err.message : String(err)}\n  fix: check the command runs on this node (and listens on the --connect port)`);
    process.exit(1);
  }
  try {
    server = await startServer({ app, host: opts.host, port: opts.port, log });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    log(`cannot listen on ${opts.host}:${opts.port} for ${app.label}: ${why}\n  fix: free the port or pick another with --port`);
    await app.stop();
    process.exit(1);
  }
  log(`${app.label} listening on ${opts.host}:${server.port} (pid ${process.pid})`);
}

main().catch((err: unknown) => {
  process.stderr.write(err instanceof ServeArgsError ? `${err.message}\n` : `hatcp-serve: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(err instanceof ServeArgsError ? 2 : 1);
});
