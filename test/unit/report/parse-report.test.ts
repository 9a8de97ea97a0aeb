import { expect } from 'chai';
import { buildReport, parseReport } from '../../../harness/report/index.js';
import { keepalivedReconnect } from '../metrics/fixtures.js';

describe('report: reading report.json back', function () {
  it('reads what buildReport wrote', function () {
    const report = buildReport([keepalivedReconnect()]);
    expect(parseReport(JSON.stringify(report), 'r.json')).to.deep.equal(report);
  });

  it('reads a report written before set-aside runs as having none', function () {
    const { setAside: _, ...older } = buildReport([keepalivedReconnect()]);
    expect(parseReport(JSON.stringify(older), 'old.json').setAside).to.deep.equal([]);
  });

  it('says what is wrong with a file that is not a version 1 report, and what to do', function () {
    expect(() => parseReport('{', 'a.json')).to.throw(/^a\.json: not JSON/);
    expect(() => parseReport('{"runs":[]}', 'b.json')).to.throw('b.json: not a hatcp report (no "format": "hatcp.report")');
    const newer = parseError(() => parseReport('{"format":"hatcp.report","version":2}', 'c.json'));
    expect(newer.message).to.equal('c.json: report format version 2, this hatcp reads version 1');
    expect(newer.hint).to.equal('upgrade hatcp to read it');
    expect(() => parseReport('{"format":"hatcp.report","version":1}', 'd.json')).to.throw(/d\.json: a version 1 report without its scenario/);
  });
});

function parseError(f: () => unknown): Error & { hint?: string } {
  try {
    f();
  } catch (error) {
    return error as Error & { hint?: string };
  }
  throw new Error('expected an error');
}
