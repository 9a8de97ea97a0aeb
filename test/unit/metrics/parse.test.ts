import { expect } from 'chai';
import { parseEvents, parseHistory } from '../../../harness/metrics/index.js';

describe('metrics: parsing history.ndjson and events.ndjson', function () {
  it('reads valid lines and skips blank ones', function () {
    const text = '{"t":1,"gen":"s1","kind":"connect","conn":1,"ms":0.4}\n\n{"t":2,"gen":"s1","kind":"error","conn":1,"error":"gap","detail":"x","seq":3}\n';
    expect(parseHistory(text)).to.deep.equal([
      { t: 1, gen: 's1', kind: 'connect', conn: 1, ms: 0.4 },
      { t: 2, gen: 's1', kind: 'error', conn: 1, error: 'gap', detail: 'x', seq: 3 },
    ]);
    const events = '{"t":1,"source":"agent","node":"standby","kind":"vrrp-master"}\n{"t":2,"source":"runner","kind":"traffic-start"}\n';
    expect(parseEvents(events)).to.have.length(2);
  });

  it('names the line and the field of a malformed record', function () {
    const text = '{"t":1,"gen":"s1","kind":"connect","conn":1,"ms":0.4}\n{"t":2,"gen":"s1","kind":"verified","conn":1,"seq":"7","bytes":100,"rttMs":1}\n';
    expect(() => parseHistory(text)).to.throw(/^history\.ndjson line 2: field "seq" should be a number, got "7"; .*fix: /);
    expect(() => parseHistory('{"t":1,"gen":"s1","kind":"verfied"}')).to.throw(/line 1: kind "verfied" is not one of connect, sent, verified, error, reconnect, done/);
    expect(() => parseHistory('{"t":1,"gen":"s1","kind":"error","conn":1,"error":"oops","detail":""}')).to.throw(/line 1: error "oops" is not one of reset/);
    expect(() => parseEvents('{"t":1,"source":"injector","kind":"fault","fault":"f1"}', 'run-1/events.ndjson')).to.throw(/^run-1\/events\.ndjson line 1: field "action" should be a string/);
    expect(() => parseEvents('{"t":1,"source":"agent","kind":"x"}\n{"t":2,"source":"agent","node":"a","kind":"x"}\n{oops')).to.throw(/line 1: field "node"/);
    expect(() => parseEvents('{"t":1,"source":"agent","node":"a","kind":"x"}\n{oops')).to.throw(/^events\.ndjson line 2: not JSON/);
  });
});
