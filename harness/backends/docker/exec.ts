import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { docker } from './client.js';

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  /** Where to stream output as it arrives (the CLI passes process.stdout/err). */
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  env?: Record<string, string>;
  user?: string;
}

/** Runs a command in a running container and waits for it; output is captured and optionally streamed. */
export async function execIn(container: string | Docker.Container, cmd: string[], options: ExecOptions = {}): Promise<ExecResult> {
  const target = typeof container === 'string' ? docker().getContainer(container) : container;
  const exec = await target.exec({
    Cmd: cmd,
    AttachStdout: true,
    AttachStderr: true,
    ...(options.env ? { Env: Object.entries(options.env).map(([k, v]) => `${k}=${v}`) } : {}),
    ...(options.user ? { User: options.user } : {}),
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  out.on('data', (b: Buffer) => { chunks.out.push(b); options.stdout?.write(b); });
  err.on('data', (b: Buffer) => { chunks.err.push(b); options.stderr?.write(b); });
  docker().modem.demuxStream(stream, out, err);
  await new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', reject);
  });
  const info = await exec.inspect();
  return {
    exitCode: info.ExitCode ?? -1,
    stdout: Buffer.concat(chunks.out).toString('utf8'),
    stderr: Buffer.concat(chunks.err).toString('utf8'),
  };
}
