import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent } from '../../harness/history/types.js';
import { parseEvents } from '../../harness/metrics/index.js';
import type { Report } from '../../harness/report/index.js';
import { cli } from './docker.js';

/** Runs a scenario through the CLI into a fresh results folder; returns the exit code, output, and what it wrote. */
export async function runScenario(file: string, results: string) {
  const r = await cli(['run', file, '--results', results]);
  const scenarioDir = (await readdir(results))[0];
  if (!scenarioDir) throw new Error(`no results written (exit ${r.exitCode}): ${r.stderr}`);
  const runDir = join(results, scenarioDir, (await readdir(join(results, scenarioDir)))[0]!);
  const report = JSON.parse(await readFile(join(runDir, 'report.json'), 'utf8')) as Report;
  const events = parseEvents(await readFile(join(runDir, 'events.ndjson'), 'utf8'));
  return { ...r, runDir, report, events, metrics: report.runs[0]!.metrics };
}

export const injected = (events: RunEvent[], action: string) =>
  events.filter((e): e is Extract<RunEvent, { source: 'injector'; kind: 'fault' }> => e.source === 'injector' && e.kind === 'fault' && e.action === action);


/** A fresh results folder for each test of the suite, removed after it; call in a describe block. */
export function freshResultsDir(): () => string {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hatcp-results-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return () => dir;
}
