import { expect } from 'chai';
import { trafficText } from '../../../harness/report/describe.js';

describe('report: describing the scenario', function () {
  it('names the kv dialect when it is RESP, and says nothing of the default line dialect', function () {
    const kv = { kind: 'kv', name: 'kv1', from: 'client', startMs: 0, reconnect: false, stallTimeoutMs: 2000, connectTimeoutMs: 200, rate: 200, durationMs: 6000 } as const;
    expect(trafficText({ ...kv, dialect: 'line' })).to.equal('kv1: kv 200 commands/s for 6000 ms from client, no reconnect, stall timeout 2000 ms');
    expect(trafficText({ ...kv, dialect: 'resp' })).to.equal('kv1: kv 200 commands/s in RESP for 6000 ms from client, no reconnect, stall timeout 2000 ms');
  });

  it('gives lines traffic its rate in lines/s', function () {
    const lines = { kind: 'lines', name: 'l1', from: 'client', startMs: 500, reconnect: true, stallTimeoutMs: 2000, connectTimeoutMs: 200, rate: 50, durationMs: 6000 } as const;
    expect(trafficText(lines)).to.equal('l1: lines 50 lines/s for 6000 ms from client at 500 ms, reconnect, stall timeout 2000 ms');
  });
});
