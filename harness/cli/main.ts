import { parseArgs } from 'node:util';
import { HatcpError } from '../errors/hatcp-error.js';
import { commands, usage } from './commands.js';

/** The CLI's one boundary: parses, dispatches, and decides how errors print and which exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`hatcp: unknown command ${name}\n\n${usage()}`);
    return 2;
  }
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write('\ninterrupted: cleaning up (Ctrl-C again to stop waiting)…\n');
      controller.abort(new HatcpError('interrupted', { exitCode: 130 }));
    } else {
      process.exit(130);
    }
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  try {
    const { values, positionals } = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    return await command.run({ values, positionals, signal: controller.signal });
  } catch (error) {
    // Whatever an interrupted step threw (often a timer's AbortError), the run was interrupted.
    return report(controller.signal.aborted ? controller.signal.reason : error);
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}

function report(error: unknown): number {
  if (error instanceof HatcpError) {
    process.stderr.write(`error: ${error.message}\n${error.hint ? `  fix: ${error.hint}\n` : ''}`);
    return error.exitCode;
  }
  if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`error: ${(error as Error).message}\n  fix: see \`hatcp help\`\n`);
    return 2;
  }
  process.stderr.write(`hatcp: unexpected error (a bug; please report it with this trace)\n${(error as Error).stack ?? String(error)}\n`);
  return 1;
}
