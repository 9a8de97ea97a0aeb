/** Reading a config file from disk (async or sync), and the error for one that cannot be read. */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { HatcpError } from '../errors/hatcp-error.js';

/** The text of a file, or why it could not be read. */
export type FileText = { ok: true; text: string } | { ok: false; missing: boolean; reason: string; error: unknown };

/** Reads a UTF-8 file; never throws. */
export async function readFileText(path: string): Promise<FileText> {
  try {
    return { ok: true, text: await readFile(path, 'utf8') };
  } catch (error) {
    return failure(error);
  }
}

/** Reads a UTF-8 file synchronously; never throws. */
export function readFileTextSync(path: string): FileText {
  try {
    return { ok: true, text: readFileSync(path, 'utf8') };
  } catch (error) {
    return failure(error);
  }
}

function failure(error: unknown): FileText {
  const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
  return { ok: false, missing, reason: (error as Error).message, error };
}

/** The error for a `what` file (topology, scenario) at `path` that could not be read; `example` is a path to suggest. */
export function unreadableFileError(path: string, what: string, example: string, read: Extract<FileText, { ok: false }>): HatcpError {
  if (read.missing) {
    return new HatcpError(`${what} file ${path} does not exist`, {
      hint: `pass the path of a ${what} YAML file, e.g. ${example}`,
      cause: read.error,
    });
  }
  return new HatcpError(`cannot read ${what} file ${path}: ${read.reason}`, { hint: 'check that the path is a readable file', cause: read.error });
}
