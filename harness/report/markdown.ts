import type { FaultMetrics, FigureStats } from '../metrics/types.js';
import { worstOverFaults } from '../metrics/worst.js';
import { agentText, EXPECTATION_NAMES, faultText, trafficText } from './describe.js';
import { inUnit, ms, plural, verdictWord } from './format.js';
import { mdTable } from './md-table.js';
import { runSections } from './markdown-run.js';
import type { Report, ReportRun } from './types.js';

/** report.md: the verdict first, then what ran, then per run what the client saw, then the aggregate and environment. */
export function renderMarkdown(report: Report): string {
  const s = report.scenario;
  const v = report.aggregate.verdicts;
  const single = report.runs.length === 1;
  const parts = [
    `# Verdict: ${verdictWord(report.verdict)} - ${s.name}`,
    `${plural(report.runs.length, 'run')}: ${v.pass} pass, ${v.fail} fail, ${v.inconclusive} inconclusive.${setAsideLine(report)}${reasons(report)}`,
    [
      `- scenario: ${s.name}${s.source ? ` (${s.source})` : ''}, topology ${s.topology.name}, seed ${s.seed}, repeat ${s.repeat}${s.rerunInconclusive ? `, rerun_inconclusive ${s.rerunInconclusive}` : ''}`,
      `- service: ${s.service.vip}:${s.service.port} (${s.service.app}) on ${s.service.network}`,
      `- agent: ${agentText(s.agent)}`,
      ...s.traffic.map((t) => `- traffic ${trafficText(t)}`),
      ...(s.faults.length ? s.faults.map((f) => `- fault ${faultText(f)}`) : ['- faults: none']),
    ].join('\n'),
    ...(single ? runSections(report.runs[0]!.metrics, '##') : [runsTable(report.runs), ...report.runs.flatMap(runPart)]),
    ...(single ? [] : [aggregateSection(report)]),
    ...(report.setAside.length ? [setAsideSection(report)] : []),
    environmentSection(report),
  ];
  return parts.join('\n\n') + '\n';
}

/** Why not pass, in one line each, right under the verdict. */
function reasons(report: Report): string {
  const lines = report.runs.flatMap((r) => {
    const who = report.runs.length === 1 ? '' : `${r.runId}: `;
    if (r.verdict === 'inconclusive') return r.inconclusive.map((x) => `${who}inconclusive: ${x}`);
    return r.metrics.expectations.filter((e) => !e.pass).map((e) => `${who}${EXPECTATION_NAMES[e.name]} failed: ${e.detail}`);
  });
  return lines.length ? `\n\n${lines.map((l) => `- ${l}`).join('\n')}` : '';
}

function setAsideLine(report: Report): string {
  const n = report.setAside.length;
  if (n === 0) return '';
  return ` ${plural(n, 'more run')} ${n === 1 ? 'was' : 'were'} inconclusive and run again (rerun_inconclusive: ${report.scenario.rerunInconclusive}): see *Set aside*.`;
}

/** The runs replaced by another: why each did not count, and where its evidence is. */
function setAsideSection(report: Report): string {
  const rows = report.setAside.map((r) => [r.runId, String(r.seed), r.inconclusive.join('; ')]);
  return `## Set aside

Inconclusive, so run again on a fresh lab with the same seed. Outside the verdict and the aggregate; each run's folder keeps its events, pcaps and timeline.

${mdTable(['run', 'seed', 'why inconclusive'], rows, [1])}`;
}

function runsTable(runs: readonly ReportRun[]): string {
  const rows = runs.map((r) => {
    const worst = (pick: (f: FaultMetrics) => number | null) => {
      const w = worstOverFaults(r.metrics.faults, pick).worst;
      return w === null ? 'not recovered' : ms(w);
    };
    return [r.runId, String(r.seed), verdictWord(r.verdict), worst((f) => f.stallMs), worst((f) => f.recoverMs), String(r.metrics.overall.reconnects.length), `${r.metrics.overall.lostBytes} B`];
  });
  return `## Runs\n\n${mdTable(['run', 'seed', 'verdict', 'worst stall', 'worst recover', 'reconnects', 'lost'], rows, [1, 3, 4, 5, 6])}`;
}

function runPart(r: ReportRun): string[] {
  const env = Object.entries(r.environment).map(([k, v]) => `${k}=${v}`).join(', ');
  return [`## Run ${r.runId} (seed ${r.seed}): ${verdictWord(r.verdict)}${env ? `\n\nenvironment: ${env}` : ''}`, ...runSections(r.metrics, '###')];
}

function aggregateSection(report: Report): string {
  const a = report.aggregate;
  const conclusive = a.verdicts.pass + a.verdicts.fail;
  if (a.figures.length === 0) return `## Aggregate over ${plural(a.runs, 'run')}\n\nNo conclusive run: no figure to aggregate.`;
  const runs = (f: FigureStats) => (f.missing ? `${f.n} (${f.missing} without)` : String(f.n));
  const rows = a.figures.map((f) => [f.label, runs(f), inUnit(f.median, f.unit), inUnit(f.p95, f.unit), inUnit(f.min, f.unit), inUnit(f.max, f.unit)]);
  const note = conclusive < a.runs ? ` (the ${conclusive} conclusive ones)` : '';
  return `## Aggregate over ${plural(conclusive, 'run')}${note}\n\n${mdTable(['figure', 'runs', 'median', 'p95', 'min', 'max'], rows, [1, 2, 3, 4, 5])}\n\nNearest-rank statistics: every value is one a run had.`;
}

function environmentSection(report: Report): string {
  const rows = Object.entries(report.environment).map(([k, v]) => [k, v]);
  const note = report.runs.length > 1 ? '\n\nEntries that differ between runs are under each run.' : '';
  return `## Environment\n\n${mdTable(['key', 'value'], rows)}${note}`;
}
