import { expect } from 'chai';
import { aggregate, computeMetrics } from '../../../harness/metrics/index.js';
import { keepalivedReconnect } from './fixtures.js';

describe('metrics: aggregate over repeats', function () {
  const runs = [2700, 2650, 3100].map((resume, i) => computeMetrics(keepalivedReconnect(resume, i)));

  it('gives nearest-rank median, p95, min and max of each figure over 3 runs', function () {
    const a = aggregate(runs);
    expect(a.runs).to.equal(3);
    expect(a.verdicts).to.deep.equal({ pass: 3, fail: 0, inconclusive: 0 });
    const row = (name: string) => a.figures.find((f) => f.name === name);
    expect(a.figures.map((f) => f.name)).to.deep.equal([
      'stallMs.f1', 'recoverMs.f1', 'reconnectMs', 'rttP99Ms', 'lostBytes', 'lostMessages', 'duplicated', 'corrupted', 'resets', 'reconnects', 'dualOwnershipMs',
    ]);
    expect(row('stallMs.f1')).to.deep.equal({ name: 'stallMs.f1', label: 'stall f1 (crash primary)', unit: 'ms', n: 3, missing: 0, median: 1800, p95: 2200, min: 1750, max: 2200 });
    expect(row('recoverMs.f1')).to.deep.include({ median: 1702, p95: 2102, min: 1652, max: 2102 });
    expect(row('reconnectMs')).to.deep.include({ median: 100, p95: 500, min: 50, max: 500 });
    expect(row('lostBytes')).to.deep.include({ unit: 'bytes', median: 200, p95: 200, min: 200, max: 200 });
    expect(row('resets')).to.deep.include({ unit: 'count', median: 1 });
  });

  it('counts an inconclusive run but leaves its figures out', function () {
    const odd = { ...computeMetrics(keepalivedReconnect(3900, 3)), verdict: 'inconclusive' as const };
    const a = aggregate([...runs, odd]);
    expect(a.verdicts).to.deep.equal({ pass: 3, fail: 0, inconclusive: 1 });
    expect(a.figures.find((f) => f.name === 'stallMs.f1')).to.deep.include({ n: 3, max: 2200 });
  });
});
