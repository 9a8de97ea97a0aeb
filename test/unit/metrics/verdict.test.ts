import { expect } from 'chai';
import { computeMetrics } from '../../../harness/metrics/index.js';
import { fault, History, runInput, scenario, uninterrupted } from './fixtures.js';

describe('metrics: verdict', function () {
  it('is inconclusive when the runner could not verify a fault, even if every expectation holds', function () {
    const input = { ...uninterrupted({ continuity: true }), inconclusive: ['f1 crash primary did not take effect: container still running'] };
    const m = computeMetrics(input);
    expect(m.expectations.every((e) => e.pass)).to.equal(true);
    expect(m.inconclusive).to.deep.equal(['f1 crash primary did not take effect: container still running']);
    expect(m.verdict).to.equal('inconclusive');
  });

  it('is inconclusive when a scenario fault has no fault event (never applied)', function () {
    const h = new History().connect(-10, 1).messages(0, 1000, 1, 0).done(1000);
    const m = computeMetrics(runInput({ scenario: scenario({ faults: [fault('f1', 500, { kind: 'crash' })] }), history: h.ops, durationMs: 1000 }));
    expect(m.faults[0]).to.deep.include({ appliedAtMs: null, stallMs: null, recovered: false });
    expect(m.inconclusive).to.deep.equal(['f1 crash primary (due at 500 ms) was never applied: no fault event for it in events.ndjson']);
    expect(m.verdict).to.equal('inconclusive');
  });

  it('continuity: false asserts that the connection broke (a baseline)', function () {
    const m = computeMetrics(uninterrupted({ continuity: false }));
    expect(m.expectations[0]).to.deep.include({ name: 'continuity', expected: false, actual: true, pass: false });
    expect(m.verdict).to.equal('fail');
  });

  it('passes with no expectation and no fault', function () {
    expect(computeMetrics(uninterrupted({})).verdict).to.equal('pass');
  });
});
