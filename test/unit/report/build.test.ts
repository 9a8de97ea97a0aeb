import { expect } from 'chai';
import { buildReport } from '../../../harness/report/index.js';
import { crashNoFailover, keepalivedReconnect } from '../metrics/fixtures.js';

describe('report: report.json', function () {
  it('carries format, version, the scenario, common environment, each run and the aggregate', function () {
    const report = buildReport([2700, 2650, 3100].map((r, i) => keepalivedReconnect(r, i)));
    expect(report.format).to.equal('hatcp.report');
    expect(report.version).to.equal(1);
    expect(report.scenario).to.deep.include({ name: 'crash-keepalived', source: 'scenarios/test-scenario.yaml', repeat: 3, seed: 1 });
    expect(report.scenario.agent.kind).to.equal('keepalived');
    expect(report.scenario.topology.nodes[1]).to.deep.equal({ name: 'primary', role: 'primary', ips: ['10.77.0.11'] });
    expect(report.environment).to.deep.equal({ kernel: '6.1.0-test', docker: '20.10.24', git: 'abc123' });
    expect(report.runs.map((r) => [r.runId, r.index, r.seed, r.verdict, r.environment])).to.deep.equal([
      ['20261128-141500-1', 0, 1, 'pass', { captures: 'eth0:100/0 dropped' }],
      ['20261128-141500-2', 1, 2, 'pass', { captures: 'eth0:101/0 dropped' }],
      ['20261128-141500-3', 2, 3, 'pass', { captures: 'eth0:102/0 dropped' }],
    ]);
    expect(report.runs[0]!.metrics.faults[0]!.stallMs).to.equal(1800);
    expect(report.aggregate.verdicts).to.deep.equal({ pass: 3, fail: 0, inconclusive: 0 });
    expect(report.verdict).to.equal('pass');
  });

  it('is fail when any run failed, and survives a JSON round trip unchanged', function () {
    const report = buildReport([keepalivedReconnect(), crashNoFailover()].map((r) => ({ ...r, scenario: { ...r.scenario, name: 'same' } })));
    expect(report.verdict).to.equal('fail');
    expect(JSON.parse(JSON.stringify(report))).to.deep.equal(report);
  });

  it('puts set-aside runs apart: outside the runs, the aggregate and the verdict, with their reasons', function () {
    const aside = { ...keepalivedReconnect(9000, 0), inconclusive: ['standby decided to take over 0.450 s before the first fault'], setAside: true };
    const report = buildReport([aside, keepalivedReconnect(2700, 1), keepalivedReconnect(2650, 2)]);
    expect(report.runs.map((r) => r.index)).to.deep.equal([1, 2]);
    expect(report.setAside.map((r) => [r.index, r.verdict, r.inconclusive])).to.deep.equal([[0, 'inconclusive', ['standby decided to take over 0.450 s before the first fault']]]);
    expect(report.aggregate.verdicts).to.deep.equal({ pass: 2, fail: 0, inconclusive: 0 });
    expect(report.verdict).to.equal('pass');
    // An interrupted series with set-aside runs alone reports them, rather than nothing.
    const alone = buildReport([aside]);
    expect([alone.runs.length, alone.setAside.length, alone.verdict]).to.deep.equal([1, 0, 'inconclusive']);
  });

  it('refuses an empty list and runs of different scenarios, saying what to do', function () {
    expect(() => buildReport([])).to.throw(/no run to report on .*run the scenario at least once/);
    expect(() => buildReport([keepalivedReconnect(), crashNoFailover()])).to.throw(/different scenarios \(crash-keepalived, test-scenario\); report each/);
  });
});
