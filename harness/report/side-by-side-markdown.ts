import { plural, verdictWord } from './format.js';
import { mdTable } from './md-table.js';
import type { RunSpread, SideBySideRow } from './types.js';

const HEADERS = ['scenario', 'agent', 'runs', 'survived', 'stall p50 / p99 / max', 'recover p50 / p99 / max', 'lost total / worst run', 'resets', 'reconnects', 'verdict'];

/** side-by-side.md: one row per scenario, columns aligned so that it reads in a terminal too, then what the columns mean and where each report came from. */
export function renderSideBySideMarkdown(rows: readonly SideBySideRow[]): string {
  const cells = rows.map((r) => [
    r.label,
    r.agent,
    r.conclusive < r.runs ? `${r.runs} (${r.runs - r.conclusive} inconclusive)` : String(r.runs),
    r.survived === null ? 'n/a' : `${r.survived}/${r.conclusive}`,
    spreadText(r.stallMs),
    spreadText(r.recoverMs),
    r.lostBytes === null ? 'n/a' : `${r.lostBytes.total} B / ${r.lostBytes.worstRun} B`,
    r.resets === null ? 'n/a' : String(r.resets),
    r.reconnects === null ? 'n/a' : String(r.reconnects),
    r.verdictRuns < r.runs ? `${verdictWord(r.verdict)} (${r.verdictRuns}/${r.runs} runs)` : verdictWord(r.verdict),
  ]);
  const legend = [
    'From survived to reconnects, the figures are over the conclusive runs of each scenario (pass or fail: an inconclusive run\'s fault did not happen as written).',
    '',
    '- survived: runs in which every generator kept its one connection and lost nothing',
    '- stall: per run, the longest client-visible silence around a fault; recover: per run, the longest time from a fault to the first verified operation issued after it',
    '- p50 / p99 / max: nearest rank over the runs (with fewer than 100 runs, p99 is the max)',
    '- n/a: the report has no such figure (no fault applied, or no conclusive run)',
  ].join('\n');
  const sources = `Reports:\n\n${rows.map((r) => `- ${r.label}: ${r.source}`).join('\n')}`;
  return [`# Side by side: ${plural(rows.length, 'scenario')}`, mdTable(HEADERS, cells, [2, 3, 4, 5, 6, 7, 8], { aligned: true }), legend, sources].join('\n\n') + '\n';
}

/** `1750.0 / 2200.0 / 2200.0 ms`, with the runs that never recovered; `n/a` without any value. */
function spreadText(s: RunSpread): string {
  const never = s.missing ? `${plural(s.missing, 'run')} never recovered` : '';
  if (s.n === 0) return never || 'n/a';
  const f = (x: number | null) => (x === null ? 'n/a' : x.toFixed(1));
  return `${f(s.p50)} / ${f(s.p99)} / ${f(s.max)} ms${never ? `; ${never}` : ''}`;
}
