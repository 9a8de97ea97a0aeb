import { expect } from 'chai';
import { BulkWorkload } from '../../../harness/traffic/gen/bulk-workload.js';
import { FrameWorkload } from '../../../harness/traffic/gen/frame-workload.js';
import { StreamPacer } from '../../../harness/traffic/pacing/stream-pacer.js';
import { BULK_CHUNK } from '../../../harness/traffic/protocol/bulk-data.js';
import { encodeFrame } from '../../../harness/traffic/protocol/frame.js';
import { recorder, wire } from './workload-support.js';

describe('traffic: workloads without sockets', function () {
  it('stream: batches what is due into one write, verifies echoes split anyhow, times each', function () {
    const { rec, ops } = recorder();
    const w = new FrameWorkload(1, 8, new StreamPacer(1000), rec);
    const { writes, writer } = wire();
    w.attach(1, writer, 100);
    w.pump(103.5); // seq 0..3 due
    expect(writes.length).to.equal(1);
    expect(w.outstanding()).to.equal(4);
    const echo = writes[0]!;
    w.onData(echo.subarray(0, 40), 110);
    w.onData(echo.subarray(40), 111);
    const verified = ops().filter((o) => o.kind === 'verified');
    expect(verified.map((o) => [o.seq, o.rttMs])).to.deep.equal([[0, 6.5], [1, 7.5], [2, 7.5], [3, 7.5]]);
    expect(w.outstanding()).to.equal(0);
    expect(w.progressAt()).to.equal(111);
  });

  it('stream: records a skipped message as one gap error and forgets it', function () {
    const { rec, ops } = recorder();
    const w = new FrameWorkload(1, 8, new StreamPacer(1000), rec);
    const { writes, writer } = wire();
    w.attach(1, writer, 0);
    w.pump(3);
    const frames = [0, 1, 2, 3].map((i) => writes[0]!.subarray(i * 32, i * 32 + 32));
    w.onData(Buffer.concat([frames[0]!, frames[2]!, frames[3]!, frames[3]!]), 5);
    const errors = ops().filter((o) => o.kind === 'error');
    expect(errors).to.deep.equal([
      { t: 0, gen: 'g', kind: 'error', conn: 1, error: 'gap', detail: '1 message missing: seq 1 never echoed, seq 2 came next', seq: 1 },
      { t: 0, gen: 'g', kind: 'error', conn: 1, error: 'duplicate', detail: 'seq 3 echoed again (expected seq 4)', seq: 3 },
    ]);
    expect(w.outstanding()).to.equal(0);
  });

  it('stream: a new connection continues the sequence; what was outstanding is reported lost', function () {
    const { rec, ops } = recorder();
    const w = new FrameWorkload(1, 8, new StreamPacer(1000), rec);
    const first = wire();
    w.attach(1, first.writer, 0);
    w.pump(2); // seq 0, 1, 2
    expect(w.detach()).to.deep.equal({ firstSeq: 0, lastSeq: 2, count: 3 });
    const second = wire();
    w.attach(2, second.writer, 50);
    w.pump(50);
    expect(second.writes[0]!.readUInt32BE(8)).to.equal(3);
    w.onData(second.writes[0]!, 51);
    expect(ops().at(-1)).to.deep.include({ kind: 'verified', conn: 2, seq: 3 });
    // A stale frame from the old stream would be a duplicate, not a success.
    w.onData(encodeFrame(1, 1, 8, 0), 52);
    expect(ops().at(-1)).to.deep.include({ kind: 'error', error: 'duplicate' });
  });

  it('bulk: one chunk per write until the writer is full, resumes on drain, verifies per chunk', function () {
    const { rec, ops } = recorder();
    const total = 3 * BULK_CHUNK;
    const w = new BulkWorkload(4, total, rec);
    const writes: Buffer[] = [];
    let room = 1;
    w.attach(1, { write: (b) => (writes.push(b), --room > 0) }, 0);
    w.pump(1);
    expect(writes.length).to.equal(1);
    room = 10;
    w.drained();
    w.pump(2);
    expect(writes.length).to.equal(3);
    expect(w.complete()).to.equal(false);
    w.onData(Buffer.concat(writes), 9);
    expect(ops().filter((o) => o.kind === 'verified').map((o) => [o.seq, o.bytes, o.rttMs])).to.deep.equal([
      [0, BULK_CHUNK, 8],
      [1, BULK_CHUNK, 7],
      [2, BULK_CHUNK, 7],
    ]);
    expect(w.complete()).to.equal(true);
  });
});
