import { expect } from 'chai';
import { seqAdd, seqAfter, seqDiff } from '../../../../agent/witness/seq.js';
import { TcpTracker, type Segment } from '../../../../agent/witness/tcp-tracker.js';

const CLIENT = { ip: '10.77.0.10', port: 50000 };
const SERVER = { ip: '10.77.0.100', port: 7000 };
const KEY = '10.77.0.10:50000>10.77.0.100:7000';
/** Near the top of the sequence space, so that the bytes cross 2^32. */
const C_ISN = 0xffff_fff0;
const S_ISN = 1000;

const text = (s: string) => new TextEncoder().encode(s);
const seg = (p: Partial<Segment> & { from: 'c' | 's' }): Segment => ({
  t: 0, seq: 0, ack: 0, window: 502, options: {}, payload: new Uint8Array(0), flags: { ack: true },
  src: p.from === 'c' ? CLIENT : SERVER, dst: p.from === 'c' ? SERVER : CLIENT, ...p,
});
/** Client data at byte offset `off` of its stream. */
const data = (off: number, s: string): Segment => seg({ from: 'c', seq: seqAdd(C_ISN, 1 + off), ack: S_ISN + 1, payload: text(s) });
/** The server acknowledging `n` client bytes. */
const acked = (n: number): Segment => seg({ from: 's', seq: S_ISN + 1, ack: seqAdd(C_ISN, 1 + n) });

function handshake(tracker: TcpTracker): void {
  tracker.push(seg({ from: 'c', seq: C_ISN, flags: { syn: true }, options: { mss: 1460, wscale: 7, sackPermitted: true, ts: { val: 11, ecr: 0 } } }));
  tracker.push(seg({ from: 's', seq: S_ISN, ack: seqAdd(C_ISN, 1), flags: { syn: true, ack: true }, options: { mss: 1400, wscale: 9, ts: { val: 77, ecr: 11 } } }));
  tracker.push(seg({ from: 'c', seq: seqAdd(C_ISN, 1), ack: S_ISN + 1 }));
}

const newTracker = (capBytes?: number) => new TcpTracker({ isServer: (e) => e.ip === SERVER.ip && e.port === SERVER.port, ...(capBytes ? { capBytes } : {}) });

describe('witness: sequence arithmetic', function () {
  it('compares and adds modulo 2^32', function () {
    expect(seqAdd(0xffff_ffff, 2)).to.equal(1);
    expect(seqDiff(1, 0xffff_ffff)).to.equal(2);
    expect(seqAfter(1, 0xffff_ffff)).to.equal(true);
    expect(seqAfter(0xffff_ffff, 1)).to.equal(false);
  });
});

describe('witness: TCP tracker', function () {
  it('copies what it keeps: a segment\'s payload is only a view into the capture\'s read buffer', function () {
    const t = newTracker();
    handshake(t);
    const [ab, zz, cd, ef] = ['ab', 'zz', 'cd', 'ef'].map(text) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    const client = (off: number, payload: Uint8Array) => seg({ from: 'c', seq: seqAdd(C_ISN, 1 + off), ack: S_ISN + 1, payload });
    t.push(client(0, ab));
    t.push(client(4, ef)); // past a hole: held aside
    t.push(client(2, cd)); // fills it
    t.push(seg({ from: 's', seq: S_ISN + 1, ack: seqAdd(C_ISN, 1), payload: zz }));
    for (const b of [ab, zz, cd, ef]) b.fill(0x21);
    expect(new TextDecoder().decode(t.clientStream(KEY))).to.equal('abcdef');
    expect(new TextDecoder().decode(t.serverTail(KEY)!.bytes)).to.equal('zz');
  });

  it('records both ISNs and option sets from the handshake', function () {
    const t = newTracker();
    handshake(t);
    const c = t.connection(KEY)!;
    expect(c).to.deep.include({ phase: 'established', clientIsn: C_ISN, serverIsn: S_ISN });
    expect(c.clientOptions).to.deep.equal({ mss: 1460, wscale: 7, sackPermitted: true, ts: { val: 11, ecr: 0 } });
    expect(c.serverOptions).to.deep.equal({ mss: 1400, wscale: 9, ts: { val: 77, ecr: 11 } });
    expect(c.unrecoverable).to.equal(undefined);
  });

  it('reassembles the client bytes across the sequence wrap, through retransmissions, overlaps and reordering', function () {
    const t = newTracker();
    handshake(t);
    t.push(data(0, 'hello '));
    t.push(data(12, 'and more'));     // out of order: waits
    t.push(data(0, 'hello '));        // retransmission: ignored
    t.push(data(3, 'lo wor'));        // overlaps the end: only "wor" is new
    t.push(data(9, 'ld and more'));   // fills the hole and overlaps what waited
    expect(new TextDecoder().decode(t.clientStream(KEY))).to.equal('hello world and more');
    t.push(acked(20));
    expect(t.connection(KEY)!.unrecoverable).to.equal(undefined);
  });

  it('marks a connection unrecoverable when the server acknowledges bytes the witness never saw', function () {
    const t = newTracker();
    handshake(t);
    t.push(data(0, 'abc'));
    t.push(data(10, 'xyz')); // bytes 3–9 were lost on the way to the witness
    t.push(acked(3));
    expect(t.connection(KEY)!.unrecoverable).to.equal(undefined);
    t.push(acked(13));
    expect(t.connection(KEY)!.unrecoverable).to.equal('hole: the server acknowledged 13 client bytes, the witness holds 3 in order');
  });

  it('closes a hole whose bytes arrive after their ACK (two captures overlapping, each through its own pipe)', function () {
    const t = newTracker();
    handshake(t);
    t.push(data(0, 'abc'));
    t.push(acked(6));
    expect(t.connection(KEY)!.unrecoverable).to.equal('hole: the server acknowledged 6 client bytes, the witness holds 3 in order');
    t.push(data(3, 'def'));
    expect(t.connection(KEY)!.unrecoverable).to.equal(undefined);
    // A hole of another kind stays: the handshake was not seen.
    const late = newTracker();
    late.push(data(0, 'abc'));
    late.push(acked(3));
    expect(late.connection(KEY)!.unrecoverable).to.equal('handshake not seen: the witness joined a connection already open');
  });

  it('tells the client\'s SYN retransmission from the same SYN seen by two overlapping captures', function () {
    const tracker = newTracker();
    const syn = (t: number) => seg({ from: 'c', t, seq: C_ISN, flags: { syn: true } });
    tracker.push(syn(0));
    tracker.push(seg({ from: 's', t: 1, seq: S_ISN, ack: seqAdd(C_ISN, 1), flags: { syn: true, ack: true } }));
    tracker.push(syn(0.05));
    expect(tracker.connection(KEY)?.synRetransmitted, 'a duplicate from a capture restart').to.equal(undefined);
    tracker.push(syn(1003));
    expect(tracker.connection(KEY)?.synRetransmitted, 'the client\'s retransmission timer (1 s)').to.equal(true);
  });

  it('marks a connection it joined after the handshake unrecoverable, and says why', function () {
    const t = newTracker();
    t.push(data(5, 'late'));
    expect(t.connection(KEY)!.unrecoverable).to.equal('handshake not seen: the witness joined a connection already open');
  });

  it('follows FIN both ways to closed, and RST to reset; keeps each side\'s latest header', function () {
    const t = newTracker();
    handshake(t);
    t.push({ ...data(0, 'bye'), flags: { ack: true, fin: true } });
    expect(t.connection(KEY)!.phase).to.equal('closing');
    t.push(seg({ from: 's', seq: S_ISN + 1, ack: seqAdd(C_ISN, 5), flags: { ack: true, fin: true }, window: 300, options: { ts: { val: 99, ecr: 12 } } }));
    expect(t.connection(KEY)!.phase).to.equal('closed');
    expect(t.connection(KEY)!.unrecoverable, 'the FIN counts as one acknowledged byte').to.equal(undefined);
    expect(t.latest(KEY).server).to.deep.equal({ t: 0, seq: S_ISN + 1, ack: seqAdd(C_ISN, 5), window: 300, tsVal: 99 });
    const r = newTracker();
    handshake(r);
    r.push(seg({ from: 's', seq: S_ISN + 1, flags: { rst: true } }));
    expect(r.connection(KEY)!.phase).to.equal('reset');
  });

  it('stops keeping bytes past the per-connection cap and reports the connection unprotected', function () {
    const t = newTracker(8);
    handshake(t);
    t.push(data(0, '12345'));
    t.push(data(5, '6789'));
    const c = t.connection(KEY)!;
    expect(c.unprotected).to.equal('over the 8-byte cap of client bytes kept per connection');
    expect(c.clientByteCount).to.equal(5);
  });

  it('ignores segments that are not to or from a served endpoint', function () {
    const t = newTracker();
    t.push(seg({ from: 'c', dst: { ip: '10.77.0.99', port: 22 }, flags: { syn: true } }));
    expect(t.connections()).to.deep.equal([]);
  });

  it('keeps the newest server output in order, bounded, for checking a replay against', function () {
    const tracker = new TcpTracker({ isServer: (e) => e.ip === SERVER.ip && e.port === SERVER.port, serverTailBytes: 8 });
    handshake(tracker);
    const out = (off: number, s: string) => seg({ from: 's', seq: S_ISN + 1 + off, ack: seqAdd(C_ISN, 1), payload: text(s) });
    tracker.push(out(0, 'hello '));
    tracker.push(out(0, 'hello ')); // retransmitted: nothing new
    tracker.push(out(6, 'world'));
    expect(tracker.serverTail(KEY), 'the newest 8 bytes').to.deep.equal({ offset: 3, bytes: text('lo world') });
    tracker.push(out(20, 'later')); // the witness missed bytes 11–19: the tail starts afresh
    expect(tracker.serverTail(KEY)).to.deep.equal({ offset: 20, bytes: text('later') });
    tracker.push(out(22, 'ter, and on')); // overlaps the end; wraps round the ring
    expect(tracker.serverTail(KEY)).to.deep.equal({ offset: 25, bytes: text(', and on') });
    tracker.push(out(31, 'a segment longer than the tail'));
    expect(tracker.serverTail(KEY)).to.deep.equal({ offset: 53, bytes: text('the tail') });
  });
});
