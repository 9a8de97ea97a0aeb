import { expect } from 'chai';
import { createEchoApp } from '../../../agent/service/apps/echo.js';
import { createStampApp } from '../../../agent/service/apps/stamp.js';
import type { Operation } from '../../../harness/history/types.js';
import { LinesWorkload } from '../../../harness/traffic/gen/lines-workload.js';
import { StreamPacer } from '../../../harness/traffic/pacing/stream-pacer.js';
import { answersLine } from '../../../harness/traffic/protocol/lines.js';
import { recorder, wire, serve, verifiedSeqs } from './workload-support.js';

/** A lines workload on connection 1 that has written seq 0..n-1 at 0 ms, and what it wrote. */
function written(n: number): { w: LinesWorkload; ops: () => Operation[]; writes: Buffer[] } {
  const { rec, ops } = recorder();
  const { writes, writer } = wire();
  const w = new LinesWorkload(new StreamPacer(1000), rec);
  w.attach(1, writer, 0);
  w.pump(n - 1); // 1000 lines/s: seq 0..n-1 due by n-1 ms, in one write
  return { w, ops, writes };
}

const errors = (ops: Operation[]) => ops.flatMap((o) => (o.kind === 'error' ? [{ error: o.error, seq: o.seq, detail: o.detail }] : []));

describe('traffic: lines workload without sockets', function () {
  it('writes `line <seq>` lines, paced like kv, the ones due in one write', function () {
    const { ops, writes } = written(3);
    expect(writes.map((b) => b.toString())).to.deep.equal(['line 0\nline 1\nline 2\n']);
    expect(ops().flatMap((o) => (o.kind === 'sent' ? [[o.seq, o.bytes]] : []))).to.deep.equal([
      [0, 7],
      [1, 7],
      [2, 7],
    ]);
  });

  it('verifies an echo\'s replies however they are split, timing each in order', function () {
    const { writes } = written(40);
    const replies = serve(createEchoApp(), writes);
    for (let cut = 0; cut <= replies.length; cut++) {
      const { w, ops } = written(40);
      w.onData(replies.subarray(0, cut), 41);
      w.onData(replies.subarray(cut), 42);
      expect(errors(ops()), `cut at ${cut}`).to.deep.equal([]);
      expect(verifiedSeqs(ops())).to.deep.equal(Array.from({ length: 40 }, (_, i) => i));
      expect(w.outstanding()).to.equal(0);
    }
    const { w, ops } = written(2); // seq 0, 1 at 1 ms
    w.onData(Buffer.from('line 0\nli'), 4);
    w.onData(Buffer.from('ne 1\n'), 6);
    expect(ops().filter((o) => o.kind === 'verified')).to.deep.equal([
      { t: 4, gen: 'g', kind: 'verified', conn: 1, seq: 0, bytes: 7, rttMs: 3 },
      { t: 6, gen: 'g', kind: 'verified', conn: 1, seq: 1, bytes: 7, rttMs: 5 },
    ]);
    expect(w.progressAt()).to.equal(6);
  });

  it('verifies the stamp app\'s replies, which no one can predict, however they are split', function () {
    const { writes } = written(12);
    const replies = serve(createStampApp(), writes);
    expect(replies.toString()).to.match(/^line 0 [0-9a-f]{8}\nline 1 [0-9a-f]{8}\n/);
    for (let cut = 0; cut <= replies.length; cut++) {
      const { w, ops } = written(12);
      w.onData(replies.subarray(0, cut), 20);
      w.onData(replies.subarray(cut), 21);
      expect(errors(ops()), `cut at ${cut}`).to.deep.equal([]);
      expect(verifiedSeqs(ops())).to.deep.equal(Array.from({ length: 12 }, (_, i) => i));
    }
    const { w, ops } = written(1);
    w.onData(Buffer.from('line 0 3fa9c2d1\n'), 5);
    expect(ops().filter((o) => o.kind === 'verified')).to.deep.equal([{ t: 5, gen: 'g', kind: 'verified', conn: 1, seq: 0, bytes: 16, rttMs: 5 }]);
  });

  it('reports a reply that does not begin with its line as corrupt, saying what was sent and what came back', function () {
    const { w, ops } = written(6);
    w.onData(Buffer.from('line 0 3fa9c2d1\nLINE 1\n\nline 30\nline 2 x\nline 5\n'), 10);
    expect(errors(ops())).to.deep.equal([
      { error: 'corrupt', seq: 1, detail: 'seq 1: line 1 answered LINE 1, expected a reply beginning with line 1' },
      { error: 'corrupt', seq: 2, detail: 'seq 2: line 2 answered an empty line, expected a reply beginning with line 2' },
      { error: 'corrupt', seq: 3, detail: 'seq 3: line 3 answered line 30, expected a reply beginning with line 3 (the reply to line 30: the server lost or reordered lines)' },
      { error: 'corrupt', seq: 4, detail: 'seq 4: line 4 answered line 2 x, expected a reply beginning with line 4 (the reply to line 2: the server answered a line more than once)' },
    ]);
    expect(verifiedSeqs(ops())).to.deep.equal([0, 5]);
    // Wrong answers are answers: the connection is alive, nothing is outstanding.
    expect(w.outstanding()).to.equal(0);
    expect(w.progressAt()).to.equal(10);
  });

  it('reports a reply to no line, and a reply line too long to be one', function () {
    const { w, ops } = written(1);
    w.onData(Buffer.from('line 0\nline 1\n'), 2);
    expect(errors(ops())).to.deep.equal([{ error: 'corrupt', seq: undefined, detail: 'the server sent a reply, line 1, to no line (none was outstanding)' }]);
    const long = written(2);
    long.w.onData(Buffer.alloc(5000, 'x'), 2);
    long.w.onData(Buffer.from('\nline 1 ok\n'), 3);
    expect(errors(long.ops()).map((e) => e.detail)).to.deep.equal(['seq 0: line 0 answered more than 4096 bytes without a newline, expected a reply beginning with line 0']);
    expect(verifiedSeqs(long.ops())).to.deep.equal([1]);
  });

  it('continues the sequence on a new connection; what was outstanding is lost', function () {
    const { w, ops } = written(5);
    w.onData(Buffer.from('line 0\nline 1\n'), 5);
    expect(w.detach()).to.deep.equal({ firstSeq: 2, lastSeq: 4, count: 3 });
    const second = wire();
    w.attach(2, second.writer, 100);
    w.pump(101); // seq 5, 6
    expect(second.writes.map((b) => b.toString())).to.deep.equal(['line 5\nline 6\n']);
    w.onData(serve(createStampApp(), second.writes), 102);
    expect(errors(ops())).to.deep.equal([]);
    expect(ops().flatMap((o) => (o.kind === 'verified' ? [[o.conn, o.seq]] : []))).to.deep.equal([
      [1, 0],
      [1, 1],
      [2, 5],
      [2, 6],
    ]);
  });

  it('takes a reply as the answer to a line when it begins with it and no digit follows', function () {
    expect(['line 7', 'line 7 3fa9c2d1', 'line 7\r', 'line 7:ok'].map((r) => answersLine('line 7', r))).to.deep.equal([true, true, true, true]);
    expect(['line 70', 'line 7000 x', 'line ', 'Line 7', ' line 7'].map((r) => answersLine('line 7', r))).to.deep.equal([false, false, false, false, false]);
  });
});
