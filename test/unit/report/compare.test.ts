import { expect } from 'chai';
import type { FigureStats, Unit, Verdict } from '../../../harness/metrics/index.js';
import { buildReport, compareReports, renderCompareMarkdown, type Report, type ScenarioSummary } from '../../../harness/report/index.js';
import { keepalivedReconnect } from '../metrics/fixtures.js';

const fig = (name: string, unit: Unit, median: number | null, missing = 0): FigureStats =>
  ({ name, label: name.replace('Ms.', ' '), unit, n: 3 - missing, missing, median, p95: median, min: median, max: median });

function report(verdicts: Record<Verdict, number>, figures: FigureStats[], verdict: Verdict, name = 'crash-keepalived'): Report {
  const runs = verdicts.pass + verdicts.fail + verdicts.inconclusive;
  return { format: 'hatcp.report', version: 1, scenario: { name } as ScenarioSummary, environment: {}, runs: [], setAside: [], aggregate: { runs, verdicts, figures }, verdict };
}

describe('report: compare', function () {
  const base = report({ pass: 3, fail: 0, inconclusive: 0 }, [
    fig('stallMs.f1', 'ms', 1000),
    fig('recoverMs.f1', 'ms', 900),
    fig('recoverMs.f2', 'ms', 400),
    fig('reconnectMs', 'ms', 2),
    fig('rttP99Ms', 'ms', 0.5),
    fig('lostBytes', 'bytes', 0),
    fig('resets', 'count', 1),
    fig('dualOwnershipMs', 'ms', 0),
    fig('gone', 'count', 10),
  ], 'pass');

  it('flags a figure above tolerance, a new loss, a share of runs never recovered, and a worse verdict', function () {
    const run = report({ pass: 2, fail: 1, inconclusive: 0 }, [
      fig('stallMs.f1', 'ms', 1150),
      fig('recoverMs.f1', 'ms', 950),
      fig('recoverMs.f2', 'ms', 410, 1),
      fig('reconnectMs', 'ms', 6),
      fig('rttP99Ms', 'ms', 0.3),
      fig('lostBytes', 'bytes', 100),
      fig('resets', 'count', 0),
      fig('dualOwnershipMs', 'ms', 0),
      fig('stallMs.f3', 'ms', 10),
    ], 'fail');
    const result = compareReports(base, run, 10);
    expect(result.regression).to.equal(true);
    expect(result.notes).to.deep.equal([]);
    expect(result.rows.map((r) => [r.figure, r.base, r.run, r.changePct, r.status, r.note])).to.deep.equal([
      ['verdict', 'pass', 'fail', null, 'regression', ''],
      ['failedRuns', '0/3', '1/3', null, 'regression', ''],
      ['inconclusiveRuns', '0/3', '0/3', null, 'ok', ''],
      ['stallMs.f1', 1000, 1150, 15, 'regression', ''],
      ['recoverMs.f1', 900, 950, 5.6, 'ok', ''],
      ['recoverMs.f2', 400, 410, 2.5, 'regression', 'no value in 1 of 3 runs (base: 0 of 3)'],
      ['reconnectMs', 2, 6, 200, 'ok', ''],
      ['rttP99Ms', 0.5, 0.3, -40, 'ok', ''],
      ['lostBytes', 0, 100, null, 'regression', ''],
      ['resets', 1, 0, -100, 'better', ''],
      ['dualOwnershipMs', 0, 0, 0, 'ok', ''],
      ['gone', 10, null, null, 'missing', 'not in this report'],
      ['stallMs.f3', null, 10, null, 'new', 'not in the base report'],
    ]);
  });

  it('finds no regression within tolerance (the boundary itself included) and notes different run counts', function () {
    const run = report({ pass: 5, fail: 0, inconclusive: 0 }, [
      fig('stallMs.f1', 'ms', 1100),
      fig('recoverMs.f1', 'ms', 700),
      fig('recoverMs.f2', 'ms', 400),
      fig('reconnectMs', 'ms', 2),
      fig('rttP99Ms', 'ms', 0.5),
      fig('lostBytes', 'bytes', 0),
      fig('resets', 'count', 1),
      fig('dualOwnershipMs', 'ms', 0),
      fig('gone', 'count', 10),
    ], 'pass');
    const result = compareReports(base, run, 10);
    expect(result.regression).to.equal(false);
    expect(result.rows.filter((r) => r.status !== 'ok').map((r) => [r.figure, r.changePct, r.status])).to.deep.equal([['recoverMs.f1', -22.2, 'better']]);
    expect(result.notes).to.deep.equal(['base has 3 runs, this one 5 runs: medians of few runs move more']);
  });

  it('notes a report that set inconclusive runs aside, which its figures leave out', function () {
    const run = { ...base, setAside: [{} as Report['runs'][number]] };
    expect(compareReports(base, run, 10).notes).to.deep.equal([
      'this one set 1 inconclusive run aside and ran it again (rerun_inconclusive): its figures leave it out; its report.md says why under *Set aside*',
    ]);
  });

  it('renders the CI table: figure | base | run | change | status', function () {
    const run = report({ pass: 3, fail: 0, inconclusive: 0 }, [fig('stallMs.f1', 'ms', 1150), fig('lostBytes', 'bytes', 0)], 'pass', 'other');
    const md = renderCompareMarkdown(compareReports(report({ pass: 3, fail: 0, inconclusive: 0 }, [fig('stallMs.f1', 'ms', 1000), fig('lostBytes', 'bytes', 0)], 'pass'), run, 10));
    expect(md).to.equal([
      '**REGRESSION**: stall f1 got worse than the base',
      '',
      'Tolerance 10 % on the median of each figure (lower is better); a time must also rise by more than 5 ms.',
      '',
      '| figure | base | run | change | status |',
      '|---|---:|---:|---:|---|',
      '| verdict | PASS | PASS |  | ok |',
      '| runs failed | 0/3 | 0/3 |  | ok |',
      '| runs inconclusive | 0/3 | 0/3 |  | ok |',
      '| stall f1 | 1000.0 ms | 1150.0 ms | +15.0 % | **REGRESSION** |',
      '| lostBytes | 0 B | 0 B | 0.0 % | ok |',
      '',
      '- the reports are of different scenarios: base crash-keepalived, run other',
      '',
    ].join('\n'));
  });

  it('compares real reports: a slower takeover regresses, the same runs do not', function () {
    const base = buildReport([2700, 2650, 3100].map((r, i) => keepalivedReconnect(r, i)));
    const slower = buildReport([3200, 3150, 3600].map((r, i) => keepalivedReconnect(r, i)));
    expect(compareReports(base, base, 10).regression).to.equal(false);
    const result = compareReports(base, slower, 10);
    expect(result.rows.filter((r) => r.status === 'regression').map((r) => [r.figure, r.base, r.run, r.changePct])).to.deep.equal([
      ['stallMs.f1', 1800, 2300, 27.8],
      ['recoverMs.f1', 1702, 2202, 29.4],
      ['reconnectMs', 100, 600, 500],
    ]);
  });
});
