import { expect } from 'chai';
import { computeMetrics } from '../../../harness/metrics/index.js';
import { crashNoFailover, History, runInput, scenario, uninterrupted } from './fixtures.js';

describe('metrics: continuity', function () {
  it('an uninterrupted stream survived: one connection, everything verified, nothing lost', function () {
    const m = computeMetrics(uninterrupted());
    const g = m.generators[0]!;
    expect(g).to.deep.include({
      gen: 's1', survived: true, why: [], connections: 1, messagesSent: 10, messagesVerified: 10, bytesSent: 1000, bytesVerified: 1000,
      lost: 0, lostBytes: 0, duplicated: 0, corrupted: 0, reordered: 0, resets: 0, reconnects: [], notes: [],
    });
    expect(m.overall.survived).to.equal(true);
    expect(m.faults).to.deep.equal([]);
    expect(m.latency.all).to.deep.equal({ count: 10, p50: 2, p90: 2, p99: 2, max: 2 });
    expect(m.latency.before.count).to.equal(10);
    expect(m.throughput).to.deep.equal({ binMs: 100, bytes: Array(10).fill(100), ops: Array(10).fill(1) });
    expect(m.expectations).to.deep.equal([{ name: 'continuity', expected: true, actual: true, pass: true, detail: 'every generator kept one connection, 10 messages verified, none lost' }]);
    expect(m.verdict).to.equal('pass');
  });

  it('a crash without failover breaks the connection: reset, 2 lost, a second connection', function () {
    const g = computeMetrics(crashNoFailover()).generators[0]!;
    expect(g).to.deep.include({ survived: false, connections: 2, messagesSent: 20, messagesVerified: 18, lost: 2, lostBytes: 200, resets: 1 });
    expect(g.errors).to.deep.equal({ reset: 1, refused: 0, timeout: 0, closed: 0, corrupt: 0, duplicate: 0, gap: 1, other: 0 });
    expect(g.reconnects).to.deep.equal([{ gen: 's1', conn: 2, atMs: 3150, afterMs: 100 }]);
    expect(g.why).to.deep.equal([
      'used 2 connections',
      '1 reset error, first at 3.050 s on conn 1: conn 1 to 10.77.0.100:7000: ECONNRESET: read ECONNRESET',
      '1 gap error, first at 3.050 s on conn 1: 2 outstanding on conn 1 when it broke (seq 10–11): lost, not resent',
      '2 messages (200 B) sent and never verified',
    ]);
  });

  it('counts a gap, a duplicate, a corrupt message and a reordering, and cross-checks the done record', function () {
    const h = new History().connect(-10, 1)
      .message(0, 1, 0).message(100, 1, 1).message(200, 1, 2)
      .sent(300, 1, 3) // never echoed
      .sent(400, 1, 4).error(402, 1, 'gap', '1 message missing: seq 3 never echoed, seq 4 came next', 3).verified(402, 1, 4, 2)
      .message(500, 1, 5)
      .error(503, 1, 'duplicate', 'seq 4 echoed again (expected seq 6)', 4)
      .sent(600, 1, 6).error(602, 1, 'corrupt', 'payload differs at byte 7', 6)
      .sent(700, 1, 7).sent(800, 1, 8).verified(802, 1, 8, 2).verified(803, 1, 7, 103)
      .message(900, 1, 9)
      .done(1000, { verified: 9 });
    const g = computeMetrics(runInput({ scenario: scenario(), history: h.ops, durationMs: 1000 })).generators[0]!;
    expect(g).to.deep.include({
      survived: false, connections: 1, messagesSent: 10, messagesVerified: 8, bytesVerified: 800,
      lost: 1, lostBytes: 100, duplicated: 1, corrupted: 1, reordered: 1, resets: 0, reconnects: [],
    });
    expect(g.why).to.deep.equal([
      '1 corrupt error, first at 0.602 s on conn 1: payload differs at byte 7',
      '1 duplicate error, first at 0.503 s on conn 1: seq 4 echoed again (expected seq 6)',
      '1 gap error, first at 0.402 s on conn 1: 1 message missing: seq 3 never echoed, seq 4 came next',
      '1 message (100 B) sent and never verified',
    ]);
    expect(g.notes).to.deep.equal(['done record says verified 9, the history has 8']);
  });

  it('a generator of the scenario that recorded nothing never connected', function () {
    const m = computeMetrics(runInput({ scenario: scenario(), history: [], durationMs: 1000 }));
    expect(m.generators[0]).to.deep.include({ gen: 's1', survived: false, connections: 0, why: ['never connected'], notes: ['no done record: the generator did not finish, its history may be cut short'] });
    expect(m.overall.why).to.deep.equal(['s1: never connected']);
  });
});
