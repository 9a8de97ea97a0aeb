import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { HatcpError } from '../errors/hatcp-error.js';
import { join } from 'node:path';
import { toNdjson } from '../history/ndjson.js';
import type { RunInput } from '../metrics/run-input.js';
import { computeMetrics, parseEvents, parseHistory } from '../metrics/index.js';
import { buildReport, renderMarkdown, renderTimelineSvg, type Report } from '../report/index.js';
import type { Scenario } from '../scenario/types.js';
import { environment } from './environment.js';
import { runOnce } from './run-once.js';
import { repeatRuns } from './series.js';

export interface ScenarioRunOptions {
  /** `results/` by default. */
  resultsDir: string;
  signal?: AbortSignal;
  log: (line: string) => void;
}

export interface ScenarioRunResult {
  dir: string;
  report: Report;
}

/** `20261128-143015`: sortable, and unique enough for one machine. */
export function runIdFor(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/**
 * Runs a scenario `repeat` times, each on a fresh lab, and writes everything to
 * `results/<scenario>/<run-id>/`: the resolved scenario, the environment, per run the history,
 * events, pcaps and timeline, and over all runs report.json and report.md.
 */
export async function runScenario(scenario: Scenario, options: ScenarioRunOptions): Promise<ScenarioRunResult> {
  const runId = runIdFor(new Date());
  const dir = join(options.resultsDir, scenario.name, runId);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'scenario.json'), JSON.stringify(scenario, null, 2) + '\n');
  const inputs: RunInput[] = [];
  await repeatRuns(scenario.repeat, scenario.rerunInconclusive, async ({ index, counted, again, canSetAside }) => {
    // A run in place of a set-aside one keeps its seed: the same traffic, on a fresh lab.
    const seed = scenario.seed + counted;
    const runDir = runDirFor(scenario, dir, index);
    await mkdir(runDir, { recursive: true });
    options.log(`run ${counted + 1}/${scenario.repeat}${again ? ` (${again} set aside so far)` : ''} of ${scenario.name} (seed ${seed}) → ${runDir}`);
    const env = await environment(seed);
    const record = await runOnce(scenario, { dir: runDir, seed, log: options.log, ...(options.signal ? { signal: options.signal } : {}) });
    const input: RunInput = {
      runId: inSeries(scenario) ? `${runId}-${index + 1}` : runId,
      index, seed, scenario,
      t0: record.t0, tEnd: record.tEnd,
      history: record.history, events: record.events,
      inconclusive: record.inconclusive,
      environment: { ...env, nodeInNodes: record.nodeInNodes, captures: record.captures.map((c) => `${c.iface}:${c.captured}/${c.droppedByKernel} dropped`).join(' ') },
    };
    const metrics = computeMetrics(input);
    const setAside = metrics.verdict === 'inconclusive' && canSetAside;
    if (setAside) {
      input.setAside = true;
      options.log(`run ${index + 1} inconclusive, set aside and run again (${again + 1} of rerun_inconclusive ${scenario.rerunInconclusive}): ${metrics.inconclusive[0]!}`);
    }
    inputs.push(input);
    await writeFile(join(runDir, 'history.ndjson'), toNdjson(record.history));
    await writeFile(join(runDir, 'events.ndjson'), toNdjson(record.events));
    await writeFile(join(runDir, 'environment.json'), JSON.stringify(input.environment, null, 2) + '\n');
    await writeFile(join(runDir, 'run.json'), JSON.stringify({ runId: input.runId, index, seed, t0: input.t0, tEnd: input.tEnd, inconclusive: input.inconclusive, ...(setAside ? { setAside } : {}) }, null, 2) + '\n');
    await writeFile(join(runDir, 'timeline.svg'), renderTimelineSvg(input, metrics));
    return setAside;
  });
  return { dir, report: await writeReport(dir, inputs) };
}

/** Whether the scenario may run more than once: then each run has a folder and an id of its own. */
function inSeries(scenario: Pick<Scenario, 'repeat' | 'rerunInconclusive'>): boolean {
  return scenario.repeat > 1 || scenario.rerunInconclusive > 0;
}

/** Where the run of 0-based `index` writes: the series' folder for a lone run, else `run-<index + 1>` in it. */
function runDirFor(scenario: Pick<Scenario, 'repeat' | 'rerunInconclusive'>, dir: string, index: number): string {
  return inSeries(scenario) ? join(dir, `run-${index + 1}`) : dir;
}

/** Writes report.json and report.md for a set of runs. */
export async function writeReport(dir: string, inputs: RunInput[]): Promise<Report> {
  const report = buildReport(inputs);
  await writeFile(join(dir, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  await writeFile(join(dir, 'report.md'), renderMarkdown(report));
  return report;
}

/** Reads back what `runScenario` wrote, to render the report again (`hatcp report <dir>`). */
export async function readRunInputs(dir: string): Promise<RunInput[]> {
  const scenario = JSON.parse(await readFile(join(dir, 'scenario.json'), 'utf8')) as Scenario;
  scenario.rerunInconclusive ??= 0; // results written before the field existed
  const runDirs = !inSeries(scenario)
    ? [dir]
    : (await readdir(dir)).map((name) => /^run-(\d+)$/.exec(name)).filter((m) => m !== null).map((m) => Number(m[1])).sort((a, b) => a - b).map((n) => join(dir, `run-${n}`));
  const inputs: RunInput[] = [];
  for (const runDir of runDirs) {
    if (!existsSync(join(runDir, 'run.json'))) continue; // an interrupted series: render what finished
    const meta = JSON.parse(await readFile(join(runDir, 'run.json'), 'utf8')) as Pick<RunInput, 'runId' | 'index' | 'seed' | 't0' | 'tEnd' | 'inconclusive' | 'setAside'>;
    inputs.push({
      ...meta,
      scenario,
      history: parseHistory(await readFile(join(runDir, 'history.ndjson'), 'utf8')),
      events: parseEvents(await readFile(join(runDir, 'events.ndjson'), 'utf8')),
      environment: JSON.parse(await readFile(join(runDir, 'environment.json'), 'utf8')) as Record<string, string>,
    });
  }
  return inputs;
}

/** Re-renders report.json, report.md and every timeline.svg of a results directory. */
export async function rerender(dir: string): Promise<Report> {
  const inputs = await readRunInputs(dir);
  if (inputs.length === 0) throw new HatcpError(`${dir} holds no finished run (no run.json)`, { hint: 'point at results/<scenario>/<run-id>/' });
  for (const input of inputs) {
    await writeFile(join(runDirFor(input.scenario, dir, input.index), 'timeline.svg'), renderTimelineSvg(input, computeMetrics(input)));
  }
  return writeReport(dir, inputs);
}
