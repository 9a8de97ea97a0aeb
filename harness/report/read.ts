import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
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

/** The report.json a path names: the file itself, or the one in a run directory. */
export async function reportFileAt(path: string): Promise<string> {
  const isDir = await stat(path).then((s) => s.isDirectory(), () => false);
  if (!isDir && /\.ya?ml$/.test(path)) {
    throw new HatcpError(`${path}: a scenario file, not a report`, { hint: `run it first (\`hatcp run ${path} <other.yaml>…\` prints this table), then pass its results/<scenario>/<run-id>`, exitCode: 2 });
  }
  if (!isDir) return path;
  const file = join(path, 'report.json');
  if (existsSync(file)) return file;
  throw new HatcpError(`${path}: no report.json in this directory`, { hint: await missingReportHint(path), exitCode: 2 });
}

/** Reads the report a path names (see reportFileAt); `source` is the file it came from. */
export async function readReportAt(path: string): Promise<{ source: string; report: Report }> {
  const source = await reportFileAt(path);
  return { source, report: await readReportFile(source) };
}

// A scenario's directory holds its runs, the results directory holds scenarios' directories; an
// interrupted run has scenario.json and no report yet.
async function missingReportHint(dir: string): Promise<string> {
  if (existsSync(join(dir, 'scenario.json'))) return `the run did not finish; \`hatcp report ${dir}\` writes a report of the repetitions that did`;
  const newest = await newestRun(dir);
  if (newest) return `pass one of its runs, e.g. the newest: ${newest}`;
  const perScenario = (await Promise.all((await subdirectories(dir)).map(newestRun))).filter((r): r is string => r !== undefined);
  if (perScenario.length > 0) return `pass a run directory of each scenario, e.g. the newest: ${perScenario.join(' ')}`;
  return 'pass a run directory, results/<scenario>/<run-id>, or its report.json';
}

/** The run directory with a report.json whose name (a run id: a timestamp) sorts last. */
async function newestRun(dir: string): Promise<string | undefined> {
  return (await subdirectories(dir)).filter((d) => existsSync(join(d, 'report.json'))).sort().at(-1);
}

async function subdirectories(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => join(dir, e.name));
}
