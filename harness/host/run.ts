import { execa } from 'execa';

export interface RunResult {
  ok: boolean;
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
}

/** Runs a host command without throwing; a missing binary is a failed result, not an exception. */
export async function run(cmd: string, args: string[], options: { input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  const result = await execa(cmd, args, {
    reject: false,
    ...(options.input !== undefined ? { input: options.input } : { stdin: 'ignore' }),
    timeout: options.timeoutMs ?? 15_000,
  });
  return {
    ok: result.exitCode === 0 && !result.failed,
    exitCode: result.exitCode,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? '') || (result.failed && result.exitCode === undefined ? (result.shortMessage ?? '') : ''),
  };
}

/** Runs `cmd` with each argument list in turn, stopping at the first that fails: its result and arguments, or the last's. */
export async function runEach(cmd: string, argLists: readonly string[][]): Promise<RunResult & { args: string[] }> {
  let last: RunResult & { args: string[] } = { ok: true, exitCode: 0, stdout: '', stderr: '', args: [] };
  for (const args of argLists) {
    last = { ...await run(cmd, args), args };
    if (!last.ok) break;
  }
  return last;
}
