import { APP_NAMES, type AppName } from './app.js';

/** What `serve` was asked to do. */
export interface ServeOptions {
  app: AppName;
  port: number;
  host: string;
}

/** The usage line printed with argument errors. */
export const SERVE_USAGE = `usage: node dist/agent/service/serve.js --app ${APP_NAMES.join('|')} --port 7000 [--host 0.0.0.0]`;

/** A bad command line: what is wrong, and the usage as the fix. */
export class ServeArgsError extends Error {
  constructor(message: string) {
    super(`serve: ${message}\n  fix: ${SERVE_USAGE}`);
    this.name = 'ServeArgsError';
  }
}

/** Parses `--app NAME --port N [--host ADDR]` (also `--flag=value`). Port 0 lets the OS pick. */
export function parseServeArgs(argv: readonly string[]): ServeOptions {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const [flag, inline] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    if (flag !== '--app' && flag !== '--port' && flag !== '--host') throw new ServeArgsError(`unknown argument "${arg}"`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new ServeArgsError(`${flag} needs a value`);
    values.set(flag, value);
  }
  const app = values.get('--app');
  if (app === undefined) throw new ServeArgsError('--app is required');
  if (!(APP_NAMES as readonly string[]).includes(app)) throw new ServeArgsError(`--app "${app}" is not an application hatcp serves (known: ${APP_NAMES.join(', ')})`);
  const portText = values.get('--port');
  if (portText === undefined) throw new ServeArgsError('--port is required');
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new ServeArgsError(`--port "${portText}" is not a TCP port (0–65535; 0 = any free port)`);
  return { app: app as AppName, port, host: values.get('--host') ?? '0.0.0.0' };
}
