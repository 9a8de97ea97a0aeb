import type { FigureStats, Verdict } from '../metrics/types.js';
import type { CompareResult, CompareRow, Report } from './types.js';
import { VERDICT_RANK } from './verdict.js';
import { plural } from './format.js';

/** Below this many milliseconds, a time figure's rise is jitter, whatever the percentage. */
export const TIME_FLOOR_MS = 5;

/**
 * Compares a run's report with a base report: the verdict, the share of failed and inconclusive
 * runs, and the median of every figure (all lower-is-better). A figure regresses when
 * run > base × (1 + tolerance/100), by more than 5 ms for times, or when it is missing (never
 * recovered) in a larger share of runs.
 */
export function compareReports(base: Report, run: Report, tolerancePct: number): CompareResult {
  const rows: CompareRow[] = [
    verdictRow(base.verdict, run.verdict),
    shareRow('failedRuns', 'runs failed', base, run, 'fail'),
    shareRow('inconclusiveRuns', 'runs inconclusive', base, run, 'inconclusive'),
    ...figureRows(base.aggregate.figures, run.aggregate.figures, tolerancePct),
  ];
  const notes: string[] = [];
  if (base.scenario.name !== run.scenario.name) notes.push(`the reports are of different scenarios: base ${base.scenario.name}, run ${run.scenario.name}`);
  if (base.aggregate.runs !== run.aggregate.runs) notes.push(`base has ${plural(base.aggregate.runs, 'run')}, this one ${plural(run.aggregate.runs, 'run')}: medians of few runs move more`);
  for (const [side, r] of [['base', base], ['this one', run]] as const) {
    const n = (r.setAside ?? []).length;
    if (n > 0) notes.push(`${side} set ${plural(n, 'inconclusive run')} aside and ran ${n === 1 ? 'it' : 'them'} again (rerun_inconclusive): its figures leave ${n === 1 ? 'it' : 'them'} out; its report.md says why under *Set aside*`);
  }
  return { tolerancePct, rows, regression: rows.some((r) => r.status === 'regression'), notes };
}

function verdictRow(base: Verdict, run: Verdict): CompareRow {
  const d = VERDICT_RANK[run] - VERDICT_RANK[base];
  return { figure: 'verdict', label: 'verdict', unit: 'verdict', base, run, changePct: null, status: d > 0 ? 'regression' : d < 0 ? 'better' : 'ok', note: '' };
}

function shareRow(figure: string, label: string, base: Report, run: Report, v: Verdict): CompareRow {
  const b = base.aggregate.verdicts[v] / Math.max(1, base.aggregate.runs);
  const r = run.aggregate.verdicts[v] / Math.max(1, run.aggregate.runs);
  return {
    figure, label, unit: 'runs',
    base: `${base.aggregate.verdicts[v]}/${base.aggregate.runs}`,
    run: `${run.aggregate.verdicts[v]}/${run.aggregate.runs}`,
    changePct: null,
    status: r > b ? 'regression' : r < b ? 'better' : 'ok',
    note: '',
  };
}

function figureRows(base: readonly FigureStats[], run: readonly FigureStats[], tol: number): CompareRow[] {
  const names = [...new Set([...base.map((f) => f.name), ...run.map((f) => f.name)])];
  return names.map((name) => {
    const b = base.find((f) => f.name === name);
    const r = run.find((f) => f.name === name);
    const any = (r ?? b)!;
    const row = { figure: name, label: any.label, unit: any.unit, base: b?.median ?? null, run: r?.median ?? null };
    if (!b) return { ...row, changePct: null, status: 'new', note: 'not in the base report' };
    if (!r) return { ...row, changePct: null, status: 'missing', note: 'not in this report' };
    return { ...row, ...judge(b, r, tol) };
  });
}

function judge(b: FigureStats, r: FigureStats, tol: number): Pick<CompareRow, 'changePct' | 'status' | 'note'> {
  const changePct = change(b.median, r.median);
  const share = (f: FigureStats) => f.missing / Math.max(1, f.n + f.missing);
  if (share(r) > share(b)) return { changePct, status: 'regression', note: `no value in ${r.missing} of ${r.n + r.missing} runs (base: ${b.missing} of ${b.n + b.missing})` };
  if (b.median === null || r.median === null) return { changePct, status: r.median === null ? (b.median === null ? 'ok' : 'regression') : 'better', note: '' };
  const floor = b.unit === 'ms' ? TIME_FLOOR_MS : 0;
  if (r.median > b.median * (1 + tol / 100) && r.median - b.median > floor) return { changePct, status: 'regression', note: '' };
  if (r.median < b.median * (1 - tol / 100) && b.median - r.median > floor) return { changePct, status: 'better', note: '' };
  return { changePct, status: 'ok', note: '' };
}

function change(base: number | null, run: number | null): number | null {
  if (base === null || run === null) return null;
  if (base === 0) return run === 0 ? 0 : null;
  return Math.round(((run - base) / base) * 1000) / 10;
}
