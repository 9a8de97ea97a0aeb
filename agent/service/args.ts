import { APP_NAMES, type AppSpec } from './app.js';

/** What `serve` was asked to do. */
export interface ServeOptions extends AppSpec {
  port: number;
  host: string;
}

/** The usage line printed with argument errors. */
export const SERVE_USAGE = `usage: node dist/agent/service/serve.js --app ${APP_NAMES.join('|')} --port 7000 [--host 0.0.0.0] [--connect 6379 -- PROGRAM ARGS… (exec only)]`;

/** A bad command line: what is wrong, and the usage as the fix. */
export class ServeArgsError extends Error {
  constructor(message: string) {
    super(`serve: ${message}\n  fix: ${SERVE_USAGE}`);
    this.name = 'ServeArgsError';
  }
}

const isPort = (text: string, min: number) => /^\d+$/.test(text) && Number(text) >= min && Number(text) <= 65535;

/**
 * Parses `--app NAME --port N [--host ADDR]` (also `--flag=value`). Port 0 lets the OS pick. For
 * `--app exec`, the program and its arguments follow `--`, and `--connect N` says it is a local
 * TCP server on that port (else it speaks over stdin/stdout, one process per connection).
 */
export function parseServeArgs(argv: readonly string[]): ServeOptions {
  const values = new Map<string, string>();
  const dash = argv.indexOf('--');
  const flags = dash < 0 ? argv : argv.slice(0, dash);
  const command = dash < 0 ? [] : argv.slice(dash + 1);
  for (let i = 0; i < flags.length; i++) {
    const arg = flags[i]!;
    const eq = arg.indexOf('=');
    const [flag, inline] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    if (flag !== '--app' && flag !== '--port' && flag !== '--host' && flag !== '--connect') throw new ServeArgsError(`unknown argument "${arg}"`);
    const value = inline ?? flags[++i];
    if (value === undefined || value === '') throw new ServeArgsError(`${flag} needs a value`);
    values.set(flag, value);
  }
  const app = values.get('--app');
  if (app === undefined) throw new ServeArgsError('--app is required');
  if (!(APP_NAMES as readonly string[]).includes(app)) throw new ServeArgsError(`--app "${app}" is not an application hatcp serves (known: ${APP_NAMES.join(', ')})`);
  const portText = values.get('--port');
  if (portText === undefined) throw new ServeArgsError('--port is required');
  if (!isPort(portText, 0)) throw new ServeArgsError(`--port "${portText}" is not a TCP port (0–65535; 0 = any free port)`);
  const connect = values.get('--connect');
  const host = values.get('--host') ?? '0.0.0.0';
  if (app !== 'exec') {
    if (connect !== undefined || dash >= 0) throw new ServeArgsError(`--connect and a program after -- are for --app exec, not ${app}`);
    return { app: app as ServeOptions['app'], port: Number(portText), host };
  }
  if (command.length === 0) throw new ServeArgsError('--app exec needs the program to run after --, e.g. -- cat');
  if (connect !== undefined && !isPort(connect, 1)) throw new ServeArgsError(`--connect "${connect}" is not a TCP port (1–65535)`);
  return { app: 'exec', port: Number(portText), host, exec: { command, ...(connect !== undefined ? { connect: Number(connect) } : {}) } };
}
