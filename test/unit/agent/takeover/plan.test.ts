import { expect } from 'chai';
import { createEchoApp } from '../../../../agent/service/apps/echo.js';
import type { App } from '../../../../agent/service/app.js';
import { planRestoration } from '../../../../agent/takeover/plan.js';
import { replayInto } from '../../../../agent/takeover/replay.js';
import { seqAdd } from '../../../../agent/witness/seq.js';
import type { CacheEntry } from '../../../../agent/witness/cache-entry.js';

const C_ISN = 0xffff_fff0; // the client's bytes cross 2^32
const S_ISN = 5000;
const bytes = (s: string) => new TextEncoder().encode(s);

/** An established connection: the client sent `sent`, and acknowledged `acked` bytes of the server's output. */
function entry(sent: string, acked: number, over: Partial<CacheEntry> = {}): CacheEntry {
  return {
    key: '10.77.0.10:50000>10.77.0.100:7000',
    client: { ip: '10.77.0.10', port: 50000 },
    server: { ip: '10.77.0.100', port: 7000 },
    phase: 'established',
    clientIsn: C_ISN,
    serverIsn: S_ISN,
    clientOptions: { mss: 1460, wscale: 7, sackPermitted: true, ts: { val: 100, ecr: 0 } },
    serverOptions: { mss: 1400, wscale: 9, sackPermitted: true, ts: { val: 9000, ecr: 100 } },
    clientLatest: { t: 1000, seq: seqAdd(C_ISN, 1 + sent.length - 2), ack: S_ISN + 1 + acked, window: 500, tsVal: 180 },
    serverLatest: { t: 1200, seq: S_ISN + 1 + acked, ack: seqAdd(C_ISN, 1 + sent.length), window: 300, tsVal: 9400 },
    clientBytes: bytes(sent),
    finFromClient: false,
    finFromServer: false,
    ...over,
  };
}

describe('takeover: restoration plan from a cache entry', function () {
  it('sends from the client\'s last ACK, expects the byte after the last one captured, keeps the handshake\'s options', function () {
    const r = planRestoration(entry('hello world', 6), 1250);
    if (!r.ok) throw new Error(r.reason);
    expect(r.plan.local).to.deep.equal({ ip: '10.77.0.100', port: 7000 });
    expect(r.plan.remote).to.deep.equal({ ip: '10.77.0.10', port: 50000 });
    expect(r.plan.sendSeq).to.equal(S_ISN + 1 + 6);
    expect(r.plan.recvSeq).to.equal(seqAdd(C_ISN, 12)); // wrapped past 2^32
    expect(r.plan.mss).to.equal(1460); // what the client accepts
    expect(r.plan.wscale).to.deep.equal({ snd: 7, rcv: 9 });
    expect(r.plan.sack).to.equal(true);
    expect(r.skipOutput).to.equal(6);
    expect(Buffer.from(r.replay).toString()).to.equal('hello world');
  });

  it('scales both windows by their side\'s shift and anchors them at the client\'s last segment', function () {
    const r = planRestoration(entry('hello world', 6), 1250);
    if (!r.ok) throw new Error(r.reason);
    expect(r.plan.window).to.deep.equal({ sndWl1: seqAdd(C_ISN, 10), sndWnd: 500 * 128, maxWindow: 500 * 128, rcvWnd: 300 * 512, rcvWup: seqAdd(C_ISN, 12) });
  });

  it('moves the timestamp clock on by the time since the server\'s last segment, so the client\'s PAWS check passes', function () {
    const r = planRestoration(entry('x', 0), 1250);
    if (!r.ok) throw new Error(r.reason);
    expect(r.plan.tsVal).to.equal(9400 + 50 + 1);
  });

  it('leaves timestamps, SACK and window scaling off when either side did not offer them', function () {
    const r = planRestoration(entry('x', 0, { serverOptions: { mss: 1400 } }), 1250);
    if (!r.ok) throw new Error(r.reason);
    expect(r.plan.tsVal).to.equal(undefined);
    expect(r.plan.wscale).to.equal(undefined);
    expect(r.plan.sack).to.equal(false);
    expect(r.plan.window.sndWnd).to.equal(500);
  });

  it('a crash between SYN-ACK and the client\'s ACK: sends from the SYN-ACK, windows unscaled (SYN segments)', function () {
    const e = entry('', 0, { clientLatest: { t: 1000, seq: C_ISN, ack: 0, window: 64240 }, serverLatest: { t: 1001, seq: S_ISN, ack: seqAdd(C_ISN, 1), window: 65160, tsVal: 9000 } });
    const r = planRestoration(e, 1001);
    if (!r.ok) throw new Error(r.reason);
    expect(r.plan.sendSeq).to.equal(S_ISN + 1);
    expect(r.plan.recvSeq).to.equal(seqAdd(C_ISN, 1));
    expect(r.plan.window.sndWnd).to.equal(64240);
    expect(r.plan.window.rcvWnd).to.equal(65160);
    expect(r.skipOutput).to.equal(0);
  });

  it('a client that re-sent its SYN and never acknowledged a SYN-ACK is still connecting: not rebuilt, its next SYN opens a fresh connection', function () {
    const synOnly = { clientLatest: { t: 2000, seq: C_ISN, ack: 0, window: 64240 }, serverLatest: { t: 2001, seq: S_ISN, ack: seqAdd(C_ISN, 1), window: 65160 } };
    const r = planRestoration(entry('', 0, { ...synOnly, synRetransmitted: true }), 2001);
    expect(!r.ok && r.reason).to.equal('still connecting: the client re-sent its SYN and never acknowledged a SYN-ACK; its next SYN opens a fresh connection here');
    expect(!r.ok && r.skip, 'a skip, not a failure').to.equal(true);
    // Once it acknowledged one, it is connected, whatever SYNs came before.
    expect(planRestoration(entry('', 0, { synRetransmitted: true }), 2001).ok).to.equal(true);
  });

  it('refuses, saying why, what it cannot rebuild exactly', function () {
    const reason = (e: CacheEntry) => {
      const r = planRestoration(e, 0);
      return r.ok ? 'planned' : r.reason;
    };
    expect(reason(entry('x', 0, { unrecoverable: 'handshake not seen: the witness joined a connection already open' }))).to.equal('unrecoverable: handshake not seen: the witness joined a connection already open');
    expect(reason(entry('x', 0, { unprotected: 'over the cap' }))).to.equal('unprotected: over the cap');
    expect(reason(entry('x', 0, { phase: 'reset' }))).to.equal('reset before the failure');
    expect(reason(entry('x', 0, { finFromClient: true }))).to.equal('closing before the failure (FIN from the client)');
    const { serverIsn: _s, ...noSynAck } = entry('x', 0);
    expect(reason(noSynAck)).to.equal('the server\'s SYN-ACK was not captured: the connection never opened');
  });
});

describe('takeover: application replay', function () {
  it('drops the regenerated output the client acknowledged and owes it the rest', async function () {
    const r = await replayInto(createEchoApp(), bytes('abcdefgh'), 5);
    if (!r.ok) throw new Error(r.reason);
    expect(Buffer.concat(r.pending).toString()).to.equal('fgh');
    expect(r.produced).to.equal(8);
  });

  it('owes nothing when everything was acknowledged, everything when nothing was', async function () {
    const all = await replayInto(createEchoApp(), bytes('abc'), 3);
    const none = await replayInto(createEchoApp(), bytes('abc'), 0);
    expect(all.ok && Buffer.concat(all.pending).toString()).to.equal('');
    expect(none.ok && Buffer.concat(none.pending).toString()).to.equal('abc');
  });

  it('skips across output chunk boundaries', async function () {
    const chunky: App = { onData: (b) => [...b].map((c) => Buffer.from([c])), onEnd: () => [] };
    const r = await replayInto(chunky, bytes('abcdef'), 4);
    expect(r.ok && Buffer.concat(r.pending).toString()).to.equal('ef');
  });

  it('refuses when the client acknowledged more than the replay regenerates (non-deterministic app or missing input)', async function () {
    const r = await replayInto(createEchoApp(), bytes('abc'), 5);
    expect(r.ok).to.equal(false);
    expect(!r.ok && r.reason).to.equal('the client acknowledged 5 bytes from the server, the replay of its 3 bytes regenerates 3: non-deterministic application or missing input');
  });

  it('checks the regenerated output against what the witness saw the primary send, and says where they differ', async function () {
    const same = await replayInto(createEchoApp(), bytes('abcdefgh'), 2, { offset: 3, bytes: bytes('defg') });
    expect(same.ok && same.compared).to.equal(4);
    const stamped: App = { onData: (b) => [Buffer.from(b.toString().toUpperCase())], onEnd: () => [] };
    const differs = await replayInto(stamped, bytes('abcdefgh'), 2, { offset: 3, bytes: bytes('defg') });
    expect(differs.ok).to.equal(false);
    expect(!differs.ok && differs.nondeterministic).to.equal(true);
    expect(!differs.ok && differs.reason).to.equal('non-deterministic application: at server byte 3 the replay regenerates 0x44 where the primary sent 0x64');
  });

  it('a primary that sent more than the replay regenerates is non-deterministic too', async function () {
    const r = await replayInto(createEchoApp(), bytes('abc'), 0, { offset: 1, bytes: bytes('bcde') });
    expect(!r.ok && r.reason).to.equal('non-deterministic application: the primary sent 5 bytes, the replay of the same 3 client bytes regenerates 3');
  });
});
