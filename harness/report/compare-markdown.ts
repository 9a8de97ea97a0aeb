import { inUnit, verdictWord } from './format.js';
import { mdTable } from './md-table.js';
import { TIME_FLOOR_MS } from './compare.js';
import type { CompareResult, CompareRow } from './types.js';

/** The comparison as Markdown for a CI job summary: one verdict line, then figure | base | run | change | status. */
export function renderCompareMarkdown(result: CompareResult): string {
  const head = result.regression
    ? `**REGRESSION**: ${result.rows.filter((r) => r.status === 'regression').map((r) => r.label).join(', ')} got worse than the base`
    : '**No regression** against the base';
  const rule = `Tolerance ${result.tolerancePct} % on the median of each figure (lower is better); a time must also rise by more than ${TIME_FLOOR_MS} ms.`;
  const rows = result.rows.map((r) => [r.label, value(r, r.base), value(r, r.run), changeText(r), statusText(r)]);
  const notes = result.notes.map((n) => `- ${n}`);
  return [head, rule, mdTable(['figure', 'base', 'run', 'change', 'status'], rows, [1, 2, 3]), ...(notes.length ? [notes.join('\n')] : [])].join('\n\n') + '\n';
}

function value(r: CompareRow, v: number | string | null): string {
  if (v === null) return 'n/a';
  if (typeof v === 'string') return r.unit === 'verdict' ? verdictWord(v as 'pass' | 'fail' | 'inconclusive') : v;
  return r.unit === 'verdict' || r.unit === 'runs' ? String(v) : inUnit(v, r.unit);
}

function changeText(r: CompareRow): string {
  if (r.changePct === null) return '';
  return `${r.changePct > 0 ? '+' : ''}${r.changePct.toFixed(1)} %`;
}

function statusText(r: CompareRow): string {
  const word = r.status === 'regression' ? '**REGRESSION**' : r.status;
  return r.note ? `${word}: ${r.note}` : word;
}
