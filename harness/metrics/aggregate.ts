import type { Aggregate, Figure, FigureStats, RunMetrics, Verdict } from './types.js';
import { runFigures } from './figures.js';
import { ascending, nearestRank } from './stats.js';

/** Verdict counts over all runs, and median / p95 / min / max of each figure over the conclusive ones. */
export function aggregate(runs: readonly RunMetrics[]): Aggregate {
  const verdicts: Record<Verdict, number> = { pass: 0, fail: 0, inconclusive: 0 };
  for (const r of runs) verdicts[r.verdict]++;
  const byName = new Map<string, Figure[]>();
  for (const r of runs.filter((m) => m.verdict !== 'inconclusive')) {
    for (const f of runFigures(r)) {
      const list = byName.get(f.name) ?? [];
      list.push(f);
      byName.set(f.name, list);
    }
  }
  return { runs: runs.length, verdicts, figures: [...byName.values()].map(stats) };
}

function stats(figures: Figure[]): FigureStats {
  const first = figures[0]!;
  const values = ascending(figures.flatMap((f) => (f.value === null ? [] : [f.value])));
  return {
    name: first.name,
    label: first.label,
    unit: first.unit,
    n: values.length,
    missing: figures.length - values.length,
    median: nearestRank(values, 50),
    p95: nearestRank(values, 95),
    min: values[0] ?? null,
    max: values.at(-1) ?? null,
  };
}
