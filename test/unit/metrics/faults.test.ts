import { expect } from 'chai';
import { computeMetrics } from '../../../harness/metrics/index.js';
import { agentEvent, crashNoFailover, fault, faultEvent, History, keepalivedReconnect, runInput, scenario } from './fixtures.js';

describe('metrics: faults, stall and recovery', function () {
  it('crash without failover: the service comes back only after the restart', function () {
    const m = computeMetrics(crashNoFailover());
    const [f1, f2] = m.faults;
    expect(f1).to.deep.equal({
      id: 'f1', action: 'crash', targets: ['primary'], label: 'crash primary', scheduledAtMs: 1000, appliedAtMs: 1001, schedulingErrorMs: 1,
      verified: true, evidence: 'link down, container exited',
      stallMs: 2300, stallFromMs: 902, stallToMs: 3202, recoverMs: 2201, recovered: true, reconnects: [],
      waterfall: [{ name: 'client-recovered', by: 's1', atMs: 3202, sinceFaultMs: 2201 }],
    });
    expect(f2).to.deep.include({ id: 'f2', label: 'restart primary', appliedAtMs: 3002, schedulingErrorMs: 2, stallMs: 2300, recoverMs: 200 });
    expect(f2!.reconnects).to.deep.equal([{ gen: 's1', conn: 2, atMs: 3150, afterMs: 100 }]);
    expect(f1!.recoverMs! + 1001).to.be.greaterThan(f2!.appliedAtMs!);
    expect(m.latency.before).to.deep.equal({ count: 10, p50: 2, p90: 2, p99: 2, max: 2 });
    expect(m.latency.during).to.deep.equal({ count: 1, p50: 2, p90: 2, p99: 2, max: 2 });
    expect(m.latency.after.count).to.equal(7);
    expect(m.throughput.bytes.slice(8, 12)).to.deep.equal([100, 100, 0, 0]);
    expect(m.throughput.bytes.slice(31)).to.deep.equal([0, 100, 100, 100, 100, 100, 100, 100, 100]);
    expect(m.expectations).to.deep.equal([{ name: 'maxRecoverMs', expected: 1000, actual: 2201, pass: false, detail: 'worst recover after f1 crash primary: 2201.0 ms' }]);
    expect(m.verdict).to.equal('fail');
  });

  it('keepalived: the client reconnects; stall is the gap, recovery its end, the waterfall shows the VRRP takeover', function () {
    const m = computeMetrics(keepalivedReconnect());
    const f1 = m.faults[0]!;
    expect(f1).to.deep.include({ appliedAtMs: 1000, schedulingErrorMs: 0, stallMs: 1800, stallFromMs: 902, stallToMs: 2702, recoverMs: 1702, recovered: true });
    expect(f1.reconnects).to.deep.equal([{ gen: 's1', conn: 2, atMs: 2700, afterMs: 100 }]);
    expect(f1.waterfall).to.deep.equal([
      { name: 'vrrp-master', by: 'standby', atMs: 2500, sinceFaultMs: 1500 },
      { name: 'client-recovered', by: 's1', atMs: 2702, sinceFaultMs: 1702 },
    ]);
    expect(m.ownership).to.deep.equal({
      holdings: [{ node: 'primary', fromMs: -400, toMs: 1000 }, { node: 'standby', fromMs: 2500, toMs: 4000 }],
      dual: [],
      dualMs: 0,
    });
    expect(m.verdict).to.equal('pass');
  });

  it('two faults: each has its own stall, recovery, waterfall and RTT window', function () {
    const f1 = fault('f1', 1000, { kind: 'pause' }, ['primary'], 1000);
    const f2 = fault('f2', 3000, { kind: 'crash' }, ['standby']);
    const h = new History().connect(-10, 1).messages(0, 1000, 1, 0);
    for (let seq = 10; seq <= 16; seq++) h.sent(seq * 100, 1, seq);
    for (let seq = 10; seq <= 16; seq++) h.verified(1650, 1, seq, 1650 - seq * 100);
    h.messages(1700, 3000, 1, 17);
    for (let seq = 30; seq <= 34; seq++) h.sent(seq * 100, 1, seq);
    for (let seq = 30; seq <= 34; seq++) h.verified(3450, 1, seq, 3450 - seq * 100);
    h.messages(3500, 4000, 1, 35).done(4000);
    const events = [
      agentEvent('primary', 'vip-up', -1000),
      faultEvent(f1, 1003),
      agentEvent('witness', 'suspected', 1303), agentEvent('standby', 'declared', 1503), agentEvent('standby', 'decided', 1510),
      agentEvent('standby', 'vip-up', 1520), agentEvent('standby', 'arp-sent', 1521), agentEvent('standby', 'first-byte', 1600),
      { t: 1_000_000 + 2003, source: 'injector' as const, kind: 'revert' as const, fault: 'f1', action: 'pause', targets: ['primary'], verified: true, evidence: 'thawed' },
      agentEvent('primary', 'fenced', 2000),
      faultEvent(f2, 3000),
      agentEvent('primary', 'suspected', 3300), agentEvent('primary', 'vip-up', 3400),
    ];
    const m = computeMetrics(runInput({ scenario: scenario({ faults: [f1, f2], expect: { continuity: true, maxStallMs: 800, maxRecoverMs: 700 } }), history: h.ops, events }));
    expect(m.faults.map((f) => [f.id, f.appliedAtMs, f.stallMs, f.recoverMs])).to.deep.equal([['f1', 1003, 748, 647], ['f2', 3000, 548, 450]]);
    expect(m.faults[0]!.waterfall.map((p) => `${p.name} ${p.by} +${p.sinceFaultMs}`)).to.deep.equal([
      'suspected witness +300', 'declared standby +500', 'decided standby +507', 'vip-up standby +517', 'arp-sent standby +518', 'first-byte standby +597', 'client-recovered s1 +647',
    ]);
    expect(m.faults[1]!.waterfall.map((p) => `${p.name} ${p.by} +${p.sinceFaultMs}`)).to.deep.equal(['suspected primary +300', 'vip-up primary +400', 'client-recovered s1 +450']);
    expect(m.latency.during).to.deep.equal({ count: 12, p50: 250, p90: 550, p99: 650, max: 650 });
    expect(m.latency.before).to.deep.equal({ count: 10, p50: 2, p90: 2, p99: 2, max: 2 });
    expect(m.latency.after).to.deep.equal({ count: 18, p50: 2, p90: 2, p99: 2, max: 2 });
    expect(m.latency.all).to.deep.equal({ count: 40, p50: 2, p90: 350, p99: 650, max: 650 });
    expect(m.overall.survived).to.equal(true);
    expect(m.ownership.dual).to.deep.equal([{ nodes: ['primary', 'standby'], fromMs: 1520, toMs: 2000 }]);
    expect(m.ownership.holdings).to.deep.equal([
      { node: 'primary', fromMs: -1000, toMs: 2000 }, { node: 'standby', fromMs: 1520, toMs: 3000 }, { node: 'primary', fromMs: 3400, toMs: 4000 },
    ]);
    expect(m.expectations.map((e) => [e.name, e.actual, e.pass])).to.deep.equal([['continuity', true, true], ['maxStallMs', 748, true], ['maxRecoverMs', 647, true]]);
    expect(m.verdict).to.equal('pass');
  });

  it('a fault with no verified operation after it is not recovered: the stall runs to the end', function () {
    const f1 = fault('f1', 1000, { kind: 'crash' });
    const h = new History('s1').connect(-10, 1).messages(0, 1000, 1, 0).sent(1000, 1, 10).done(4000);
    const m = computeMetrics(runInput({ scenario: scenario({ faults: [f1], expect: { maxStallMs: 5000, maxRecoverMs: 5000 } }), history: h.ops, events: [faultEvent(f1, 1000)] }));
    expect(m.faults[0]).to.deep.include({ stallMs: 3098, stallFromMs: 902, stallToMs: 4000, recoverMs: null, recovered: false, waterfall: [] });
    expect(m.expectations).to.deep.equal([
      { name: 'maxStallMs', expected: 5000, actual: 3098, pass: true, detail: 'worst stall after f1 crash primary: 3098.0 ms' },
      { name: 'maxRecoverMs', expected: 5000, actual: null, pass: false, detail: 'f1 crash primary: no verified operation after the fault before the end of the run' },
    ]);
    expect(m.latency.during.count).to.equal(0);
    expect(m.verdict).to.equal('fail');
  });

  it('an answer already in flight at the fault instant is not a recovery, and does not shorten the stall', function () {
    const f1 = fault('f1', 1000, { kind: 'crash' });
    const h = new History('s1').connect(-10, 1).messages(0, 900, 1, 0)
      .sent(995, 1, 10).verified(1006, 1, 10, 11) // echoed before the link went down, read by the client after
      .connect(2990, 2).reconnect(2990, 2, 1500).messages(3000, 4000, 2, 11).done(4000);
    const m = computeMetrics(runInput({ scenario: scenario({ faults: [f1] }), history: h.ops, events: [faultEvent(f1, 1000)] }));
    expect(m.faults[0]).to.deep.include({ stallFromMs: 1006, stallToMs: 3002, stallMs: 1996, recoverMs: 2002, recovered: true });
  });
});
