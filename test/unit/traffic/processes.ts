/** Spawns the real server and generator processes from dist/ for the end-to-end tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Operation } from '../../../harness/history/types.js';

const SERVE = fileURLToPath(new URL('../../../agent/service/serve.js', import.meta.url));
const GEN = fileURLToPath(new URL('../../../harness/traffic/gen/main.js', import.meta.url));

/** A running `serve.js`. */
export interface ServeProcess {
  port: number;
  child: ChildProcess;
  stderr: () => string;
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
}

/** Starts `serve.js --app <app>` on 127.0.0.1 (port 0 = the OS picks) and waits for its listen line. */
export function startServe(port = 0, app = 'echo'): Promise<ServeProcess> {
  const child = spawn(process.execPath, [SERVE, '--app', app, '--port', String(port), '--host', '127.0.0.1'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(err);
      if (m) resolve({ port: Number(m[1]), child, stderr: () => err, exited });
    });
    void exited.then((code) => reject(new Error(`serve.js exited (${code}) before listening: ${err}`)));
  });
}

/** A finished generator: its exit code, its records, its stderr. */
export interface GenResult {
  code: number | null;
  ops: Operation[];
  stderr: string;
}

/** Runs `gen/main.js` with the given argument to completion; `verifying` resolves once it has verified a message. */
export function runGen(arg: object): { child: ChildProcess; result: Promise<GenResult>; verifying: Promise<void> } {
  const child = spawn(process.execPath, [GEN, JSON.stringify(arg)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let verified: () => void = () => undefined;
  const verifying = new Promise<void>((resolve) => (verified = resolve));
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('"kind":"verified"')) verified();
  });
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const result = new Promise<GenResult>((resolve) => {
    child.once('close', (code) => {
      verified(); // or never will: the test goes on to say what happened instead
      const ops = out.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Operation);
      resolve({ code, ops, stderr: err });
    });
  });
  return { child, result, verifying };
}

/** Kills a child still running (by its own pid, never by name). */
export function stop(child: ChildProcess | undefined): void {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Records of one kind, typed. */
export function only<K extends Operation['kind']>(ops: Operation[], kind: K): Extract<Operation, { kind: K }>[] {
  return ops.filter((o): o is Extract<Operation, { kind: K }> => o.kind === kind);
}
