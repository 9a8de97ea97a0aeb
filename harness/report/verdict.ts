import type { Verdict } from '../metrics/types.js';

/** Worse first: a fail outranks an inconclusive run, which outranks a pass. */
export const VERDICT_RANK: Record<Verdict, number> = { pass: 0, inconclusive: 1, fail: 2 };

/** The report's verdict from its runs': fail if any failed; else inconclusive if any was; else pass. */
export function overallVerdict(counts: Record<Verdict, number>): Verdict {
  if (counts.fail > 0) return 'fail';
  if (counts.inconclusive > 0) return 'inconclusive';
  return 'pass';
}

/** The worst of some verdicts (pass when there are none): what `hatcp run` of several scenarios exits with. */
export function worstVerdict(verdicts: readonly Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((worst, v) => (VERDICT_RANK[v] > VERDICT_RANK[worst] ? v : worst), 'pass');
}
