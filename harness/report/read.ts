import { readFile } from 'node:fs/promises';
import { HatcpError } from '../errors/hatcp-error.js';
import { parseReport } from './parse-report.js';
import type { Report } from './types.js';

/** Reads and checks a report.json (the shell around parseReport). */
export async function readReportFile(file: string): Promise<Report> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new HatcpError(`cannot read report ${file}: ${error.code ?? error.message}`, { hint: 'check the path; `hatcp run` writes results/<scenario>/<run-id>/report.json', exitCode: 2, cause: error });
  });
  return parseReport(text, file);
}
