import type { Expectations } from '../scenario/types.js';
import type { Continuity, ExpectationResult, FaultMetrics, Verdict } from './types.js';

/** Checks the scenario's expectations against the run's figures; absent ones are not checked. */
export function evaluate(expect: Expectations, overall: Continuity, faults: readonly FaultMetrics[]): ExpectationResult[] {
  const results: ExpectationResult[] = [];
  if (expect.continuity !== undefined) results.push(continuity(expect.continuity, overall));
  if (expect.maxStallMs !== undefined) results.push(worst('maxStallMs', expect.maxStallMs, faults, (f) => f.stallMs, 'stall'));
  if (expect.maxRecoverMs !== undefined) results.push(worst('maxRecoverMs', expect.maxRecoverMs, faults, (f) => f.recoverMs, 'recover'));
  return results;
}

/** inconclusive when any reason is given, whatever the expectations say; else fail when one failed. */
export function verdictOf(results: readonly ExpectationResult[], inconclusive: readonly string[]): Verdict {
  if (inconclusive.length > 0) return 'inconclusive';
  return results.every((r) => r.pass) ? 'pass' : 'fail';
}

// `continuity: false` is checked too: it asserts that the connection did NOT survive (a baseline).
function continuity(expected: boolean, overall: Continuity): ExpectationResult {
  const detail = overall.survived ? `every generator kept one connection, ${overall.messagesVerified} messages verified, none lost` : overall.why.join('; ');
  return { name: 'continuity', expected, actual: overall.survived, pass: overall.survived === expected, detail };
}

function worst(name: 'maxStallMs' | 'maxRecoverMs', limit: number, faults: readonly FaultMetrics[], figure: (f: FaultMetrics) => number | null, what: string): ExpectationResult {
  const applied = faults.filter((f) => f.appliedAtMs !== null);
  if (applied.length === 0) return { name, expected: limit, actual: null, pass: true, detail: 'no fault was applied: nothing to check' };
  const missing = applied.filter((f) => figure(f) === null);
  if (missing.length > 0) {
    const ids = missing.map((f) => `${f.id} ${f.label}`).join(', ');
    return { name, expected: limit, actual: null, pass: false, detail: `${ids}: no verified operation after the fault before the end of the run` };
  }
  const top = applied.reduce((a, b) => ((figure(b) ?? 0) > (figure(a) ?? 0) ? b : a));
  const actual = figure(top) ?? 0;
  return { name, expected: limit, actual, pass: actual <= limit, detail: `worst ${what} after ${top.id} ${top.label}: ${actual.toFixed(1)} ms` };
}
