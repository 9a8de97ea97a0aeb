import { expect } from 'chai';
import { createKvApp } from '../../../agent/service/apps/kv.js';
import type { Operation } from '../../../harness/history/types.js';
import { KvWorkload } from '../../../harness/traffic/gen/kv-workload.js';
import { StreamPacer } from '../../../harness/traffic/pacing/stream-pacer.js';
import { kvCommand, kvLine } from '../../../harness/traffic/protocol/kv-commands.js';
import { RESP_DIALECT, type KvDialect } from '../../../harness/traffic/protocol/kv-dialect.js';
import { tinyRedis } from './tiny-redis.js';
import { recorder, wire, serve, verifiedSeqs } from './workload-support.js';

const errors = (ops: Operation[]) => ops.filter((o) => o.kind === 'error');

/** The answers to seq 0..39, cut in two at every byte: every command verified, in order, each time. */
function verifiesEveryCut(replies: Buffer, dialect?: KvDialect): void {
  for (let cut = 0; cut <= replies.length; cut++) {
    const { rec, ops } = recorder();
    const w = new KvWorkload(new StreamPacer(1000), rec, dialect);
    w.attach(1, wire().writer, 0);
    w.pump(39.5);
    w.onData(replies.subarray(0, cut), 41);
    w.onData(replies.subarray(cut), 42);
    expect(errors(ops()), `cut at ${cut}`).to.deep.equal([]);
    expect(verifiedSeqs(ops())).to.deep.equal(Array.from({ length: 40 }, (_, i) => i));
    expect(w.outstanding()).to.equal(0);
  }
}

describe('traffic: kv workload without sockets', function () {
  it('issues a deterministic mix by seq: mostly INCR counter, with SET, GET and DEL', function () {
    const lines = Array.from({ length: 30 }, (_, seq) => kvLine(kvCommand(seq)));
    expect(lines.slice(0, 10)).to.deep.equal(['INCR counter', 'INCR counter', 'INCR counter', 'SET k0 v3', 'INCR counter', 'INCR counter', 'GET k7', 'INCR counter', 'INCR counter', 'DEL k6']);
    expect(lines.slice(10, 20).filter((l) => !l.startsWith('INCR'))).to.deep.equal(['SET k1 v13', 'GET k0', 'DEL k7']);
    expect(lines.filter((l) => l === 'INCR counter')).to.have.length(21);
  });

  it('verifies the kv app\'s replies however they are split, timing each in order', function () {
    const { writes, writer } = wire();
    const probe = new KvWorkload(new StreamPacer(1000), recorder().rec);
    probe.attach(1, writer, 0);
    probe.pump(39.5); // seq 0..39 in one write
    expect(writes).to.have.length(1);
    const replies = serve(createKvApp(), writes);
    expect(replies.toString()).to.match(/^1\n2\n3\nOK\n4\n5\nNIL\n6\n7\n0\n8\n9\n10\nOK\n11\n12\nVALUE v3\n/);
    verifiesEveryCut(replies);
    const { rec, ops } = recorder();
    const w = new KvWorkload(new StreamPacer(1000), rec);
    w.attach(1, wire().writer, 0);
    w.pump(1); // seq 0, 1 at 1 ms
    w.onData(Buffer.from('1\n2'), 4);
    w.onData(Buffer.from('\n'), 6);
    expect(ops().filter((o) => o.kind === 'verified')).to.deep.equal([
      { t: 4, gen: 'g', kind: 'verified', conn: 1, seq: 0, bytes: 2, rttMs: 3 },
      { t: 6, gen: 'g', kind: 'verified', conn: 1, seq: 1, bytes: 2, rttMs: 5 },
    ]);
    expect(w.progressAt()).to.equal(6);
  });

  it('reports a wrong reply as corrupt, saying what the server answered and what it had to', function () {
    const { rec, ops } = recorder();
    const w = new KvWorkload(new StreamPacer(1000), rec);
    const { writes, writer } = wire();
    w.attach(1, writer, 0);
    w.pump(29); // seq 0..29 to the primary
    const primary = serve(createKvApp(), writes);
    w.pump(35); // seq 30..35 to a standby that lost the store: a fresh app
    const standby = serve(createKvApp(), writes.slice(1));
    w.onData(Buffer.concat([primary, standby]), 40);
    expect(verifiedSeqs(ops())).to.have.length(30 + 1); // seq 33 (SET k3 v33) answers OK either way
    expect(errors(ops()).map((e) => (e.kind === 'error' ? [e.error, e.seq, e.detail] : []))).to.deep.equal([
      ['corrupt', 30, "seq 30: INCR counter answered 1, expected 22 (the server lost the connection's state)"],
      ['corrupt', 31, "seq 31: INCR counter answered 2, expected 23 (the server lost the connection's state)"],
      ['corrupt', 32, "seq 32: INCR counter answered 3, expected 24 (the server lost the connection's state)"],
      ['corrupt', 34, "seq 34: INCR counter answered 4, expected 25 (the server lost the connection's state)"],
      ['corrupt', 35, "seq 35: INCR counter answered 5, expected 26 (the server lost the connection's state)"],
    ]);
    // Wrong answers are answers: the connection is alive, nothing is outstanding.
    expect(w.outstanding()).to.equal(0);
    expect(w.progressAt()).to.equal(40);
  });

  it('names an echo server, an empty line, and a reply to no command', function () {
    const { rec, ops } = recorder();
    const w = new KvWorkload(new StreamPacer(1000), rec);
    w.attach(1, wire().writer, 0);
    w.pump(1); // seq 0, 1
    w.onData(Buffer.from('INCR counter\n\nOK\n'), 2);
    expect(errors(ops()).map((e) => (e.kind === 'error' ? e.detail : ''))).to.deep.equal([
      'seq 0: INCR counter answered INCR counter, expected 1 (the server echoed the command: it is not running the kv app; set service.app: kv)',
      'seq 1: INCR counter answered an empty line, expected 2',
      'the server sent a reply, OK, to no command (none was outstanding)',
    ]);
  });

  it('a new connection starts a fresh model, as the server starts a fresh store; what was outstanding is lost', function () {
    const { rec, ops } = recorder();
    const w = new KvWorkload(new StreamPacer(1000), rec);
    const first = wire();
    w.attach(1, first.writer, 0);
    w.pump(24); // seq 0..24
    const replies = serve(createKvApp(), first.writes).toString();
    w.onData(Buffer.from(replies.split('\n').slice(0, 20).join('\n') + '\n'), 25); // seq 0..19 answered
    expect(w.detach()).to.deep.equal({ firstSeq: 20, lastSeq: 24, count: 5 });
    const second = wire();
    w.attach(2, second.writer, 100);
    w.pump(105); // seq 25..30 on the new connection
    expect(second.writes[0]!.toString()).to.equal('INCR counter\nGET k1\nINCR counter\nINCR counter\nDEL k0\nINCR counter\n');
    w.onData(serve(createKvApp(), second.writes), 106);
    expect(errors(ops())).to.deep.equal([]);
    expect(ops().filter((o) => o.kind === 'verified' && o.conn === 2).map((o) => (o.kind === 'verified' ? o.seq : -1))).to.deep.equal([25, 26, 27, 28, 29, 30]);
  });

  it('reports a reply line too long to be one, once, and carries on', function () {
    const { rec, ops } = recorder();
    const w = new KvWorkload(new StreamPacer(1000), rec);
    w.attach(1, wire().writer, 0);
    w.pump(1); // seq 0, 1
    w.onData(Buffer.alloc(3000, 'x'), 2);
    w.onData(Buffer.alloc(3000, 'x'), 3);
    w.onData(Buffer.from('xx\n2\n'), 4);
    expect(errors(ops()).map((e) => (e.kind === 'error' ? e.detail : ''))).to.deep.equal(['seq 0: INCR counter answered more than 4096 bytes without a newline, expected 1']);
    expect(verifiedSeqs(ops())).to.deep.equal([1]);
  });
});

describe('traffic: kv workload in RESP, without sockets', function () {
  it('verifies a Redis\'s replies however they are split, with the sizes on the wire', function () {
    const { writes, writer } = wire();
    const probe = new KvWorkload(new StreamPacer(1000), recorder().rec, RESP_DIALECT);
    probe.attach(1, writer, 0);
    probe.pump(39.5); // seq 0..39 in one write
    expect(writes).to.have.length(1);
    expect(writes[0]!.toString('latin1')).to.match(/^\*2\r\n\$4\r\nINCR\r\n\$7\r\ncounter\r\n\*2\r\n/);
    const replies = tinyRedis().session()(writes[0]!);
    expect(replies.toString('latin1')).to.match(/^:1\r\n:2\r\n:3\r\n\+OK\r\n:4\r\n:5\r\n\$-1\r\n:6\r\n:7\r\n:0\r\n:8\r\n:9\r\n:10\r\n\+OK\r\n:11\r\n:12\r\n\$2\r\nv3\r\n/);
    verifiesEveryCut(replies, RESP_DIALECT);
    const { rec, ops } = recorder();
    const w = new KvWorkload(new StreamPacer(1000), rec, RESP_DIALECT);
    w.attach(1, wire().writer, 0);
    w.pump(3); // seq 0..3: INCR ×3, SET k0 v3
    w.onData(Buffer.from(':1\r\n:2\r\n:3\r\n+OK\r\n'), 4);
    const sizes = (kind: 'sent' | 'verified') => ops().flatMap((o) => (o.kind === kind ? [o.bytes] : []));
    expect(sizes('sent')).to.deep.equal([27, 27, 27, 29]);
    expect(sizes('verified')).to.deep.equal([4, 4, 4, 5]);
  });

  it('reports an error reply, another simple string and a protocol violation as corrupt, once each, and reads on', function () {
    const { rec, ops } = recorder();
    const w = new KvWorkload(new StreamPacer(1000), rec, RESP_DIALECT);
    w.attach(1, wire().writer, 0);
    w.pump(6); // seq 0..6: INCR ×3, SET k0 v3, INCR ×2, GET k7
    w.onData(Buffer.from("-ERR unknown command 'INCR'\r\n+QUEUED\r\n1\r\n+OK\r\n:4\r\n:5\r\n$-1\r\n:6\r\n"), 10);
    expect(errors(ops()).map((e) => (e.kind === 'error' ? e.detail : ''))).to.deep.equal([
      "seq 0: INCR counter answered -ERR unknown command 'INCR', expected 1",
      'seq 1: INCR counter answered +QUEUED, expected 2',
      'seq 2: INCR counter answered a byte "1" that starts no RESP reply (not +, -, :, $ or *), expected 3',
      'the server sent a reply, 6, to no command (none was outstanding)',
    ]);
    expect(verifiedSeqs(ops())).to.deep.equal([3, 4, 5, 6]);
  });

  it('names an echo server, and a Redis that lost what the connection did', function () {
    const { rec, ops } = recorder();
    const w = new KvWorkload(new StreamPacer(1000), rec, RESP_DIALECT);
    const { writes, writer } = wire();
    w.attach(1, writer, 0);
    w.pump(0); // seq 0
    w.onData(writes[0]!, 1); // echoed
    w.pump(1); // seq 1: a fresh Redis answers INCR with 1 again
    w.onData(tinyRedis().session()(writes[1]!), 18);
    const details = errors(ops()).map((e) => (e.kind === 'error' ? e.detail : ''));
    expect(details[0]).to.equal('seq 0: INCR counter answered "*2\\r\\n$4\\r\\nINCR\\r\\n$7\\r\\ncounter", expected 1 (the server echoed the command: it is not a Redis server; run redis-server behind service.app: exec)');
    expect(details[1]).to.equal("seq 1: INCR counter answered 1, expected 2 (the server lost the connection's state)");
    expect(details).to.have.length(2);
  });

  it('one Redis store serves every connection: after a reconnect the per-connection model disagrees (the dialect is for one connection)', function () {
    const { rec, ops } = recorder();
    const redis = tinyRedis();
    const w = new KvWorkload(new StreamPacer(1000), rec, RESP_DIALECT);
    const first = wire();
    w.attach(1, first.writer, 0);
    w.pump(9); // seq 0..9
    w.onData(redis.session()(first.writes[0]!), 10);
    expect(errors(ops())).to.deep.equal([]);
    w.detach();
    const second = wire();
    w.attach(2, second.writer, 100);
    w.pump(100); // seq 10: INCR counter on a fresh model, but Redis still holds counter = 7
    w.onData(redis.session()(second.writes[0]!), 101);
    expect(errors(ops()).map((e) => (e.kind === 'error' ? e.detail : ''))).to.deep.equal(['seq 10: INCR counter answered 8, expected 1 (the server applied commands more than once)']);
  });
});
