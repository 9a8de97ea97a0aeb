import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import type { Readable, Writable } from 'node:stream';
import type { App, Application, ExecSpec, LaterOutput, OutputSink } from '../app.js';

/** How long a local server program may take to accept connections after it is started. */
const READY_TIMEOUT_MS = 10_000;
/** Output held while nothing is attached (a replay in progress, a socket being adopted) before the program is paused. */
const HOLD_LIMIT = 1 << 20;
/** What a program's stderr tail keeps for messages. */
const STDERR_TAIL = 2000;

/**
 * One conversation with a program over a byte stream pair: the client's bytes are written to
 * `input`, what comes out of `output` goes to the attached sink (held until one is attached).
 */
function streamApp(input: Writable, output: Readable, destroy: () => void, describe: () => string): App {
  let sink: OutputSink | undefined;
  const held: Buffer[] = [];
  let heldBytes = 0;
  let ended = false;
  let failure: Error | undefined;
  let paused = false;
  output.on('data', (chunk: Buffer) => {
    if (sink) return sink.data(chunk);
    held.push(chunk);
    heldBytes += chunk.length;
    if (heldBytes > HOLD_LIMIT) output.pause();
  });
  output.on('end', () => {
    ended = true;
    sink?.end();
  });
  const fail = (error: Error) => {
    if (failure) return;
    failure = new Error(`${describe()}: ${error.message}`);
    sink?.error(failure);
  };
  output.on('error', fail);
  input.on('error', fail);
  const later: LaterOutput = {
    attach(next) {
      sink = next;
      if (!sink) return;
      for (const chunk of held.splice(0)) sink.data(chunk);
      heldBytes = 0;
      if (!paused) output.resume();
      if (failure) sink.error(failure);
      else if (ended) sink.end();
    },
    pause() {
      paused = true;
      output.pause();
    },
    resume() {
      paused = false;
      if (sink) output.resume();
    },
    destroy,
  };
  return {
    onData(chunk) {
      if (!input.writableEnded && !input.destroyed) input.write(chunk);
      return [];
    },
    onEnd() {
      if (!input.writableEnded) input.end();
      return [];
    },
    later,
  };
}

/** The last `STDERR_TAIL` characters a child wrote to stderr. */
function stderrTail(child: ChildProcess): () => string {
  let tail = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    tail = (tail + text).slice(-STDERR_TAIL);
  });
  return () => tail.trim();
}

const exitText = (code: number | null, signal: NodeJS.Signals | null) => (signal ? `killed by ${signal}` : `exited with code ${code}`);

/** Resolves when 127.0.0.1:port accepts a connection; rejects when the program exits first or the time is up. */
async function waitForListener(port: number, child: ChildProcess, label: string, stderr: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = exitText(code, signal)));
  child.once('error', (error) => (exited = `could not start (${error.message})`));
  for (;;) {
    if (exited !== undefined) throw new Error(`${label} ${exited} before listening on 127.0.0.1:${port}${stderr() ? `: ${stderr()}` : ''}`);
    const ok = await new Promise<boolean>((resolve) => {
      const probe = net.connect({ port, host: '127.0.0.1' });
      probe.once('connect', () => {
        probe.destroy();
        resolve(true);
      });
      probe.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${label} did not listen on 127.0.0.1:${port} within ${READY_TIMEOUT_MS} ms${stderr() ? `: ${stderr()}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The exec application. With `connect`, the program is a local TCP server started once here, and
 * each client connection gets its own connection to it (a replay then rebuilds what that
 * connection did to the server's state: a deterministic server that one client talks to comes
 * back exactly). Without, each client connection gets its own process over stdin/stdout.
 * Programs run without a shell; they stop with the application.
 */
export async function startExecApplication(spec: ExecSpec, log: (line: string) => void): Promise<Application> {
  const [program, ...args] = spec.command;
  if (program === undefined) throw new Error('exec: the command is empty');
  const label = `exec ${program}`;
  const children = new Set<ChildProcess>();
  const track = (child: ChildProcess) => {
    children.add(child);
    child.once('exit', () => children.delete(child));
    return child;
  };
  const stop = async (): Promise<void> => {
    await Promise.all([...children].map((child) => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill('SIGKILL'), 1000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    })));
  };

  if (spec.connect !== undefined) {
    const port = spec.connect;
    const server = track(spawn(program, args, { stdio: ['ignore', 'ignore', 'pipe'] }));
    const stderr = stderrTail(server);
    try {
      await waitForListener(port, server, label, stderr);
    } catch (error) {
      await stop();
      throw error;
    }
    server.once('exit', (code, signal) => log(`${label} ${exitText(code, signal)}${stderr() ? `: ${stderr()}` : ''}`));
    log(`${label} (pid ${server.pid}) listening on 127.0.0.1:${port}`);
    return {
      label,
      create() {
        const upstream = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
        upstream.setNoDelay(true);
        return streamApp(upstream, upstream, () => upstream.destroy(), () => `${label} at 127.0.0.1:${port}`);
      },
      stop,
    };
  }

  return {
    label,
    create() {
      const child = track(spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'] }));
      const stderr = stderrTail(child);
      const describe = () => `${label} (pid ${child.pid ?? 'none'})`;
      const app = streamApp(child.stdin!, child.stdout!, () => child.kill('SIGKILL'), describe);
      child.once('error', (error) => child.stdout!.destroy(error));
      child.once('exit', (code, signal) => {
        if (code !== 0 && signal !== 'SIGKILL') log(`${describe()} ${exitText(code, signal)}${stderr() ? `: ${stderr()}` : ''}`);
      });
      return app;
    },
    stop,
  };
}
