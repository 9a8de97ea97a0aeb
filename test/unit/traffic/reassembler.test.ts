import { expect } from 'chai';
import { encodeFrame } from '../../../harness/traffic/protocol/frame.js';
import { FrameReassembler } from '../../../harness/traffic/protocol/reassembler.js';

const frames = [0, 1, 2, 3].map((seq) => encodeFrame(5, seq, 13, seq * 10));
const stream = Buffer.concat(frames);

function reassemble(pieces: Buffer[]): Buffer[] {
  const r = new FrameReassembler(frames[0]!.length);
  return pieces.flatMap((p) => r.push(p));
}

describe('traffic: frame reassembly', function () {
  it('rebuilds frames fed one byte at a time', function () {
    const r = new FrameReassembler(frames[0]!.length);
    const out: Buffer[] = [];
    for (let i = 0; i < stream.length; i++) {
      const got = r.push(stream.subarray(i, i + 1));
      // A frame completes exactly on its last byte.
      expect(got.length).to.equal((i + 1) % frames[0]!.length === 0 ? 1 : 0);
      out.push(...got);
    }
    expect(out.map((f) => f.toString('hex'))).to.deep.equal(frames.map((f) => f.toString('hex')));
    expect(r.buffered).to.equal(0);
  });

  it('splits coalesced frames, and frames straddling reads at every cut point', function () {
    expect(reassemble([stream]).length).to.equal(4);
    for (let cut = 1; cut < stream.length; cut++) {
      const out = reassemble([stream.subarray(0, cut), stream.subarray(cut)]);
      expect(Buffer.concat(out).equals(stream), `cut at ${cut}`).to.equal(true);
    }
  });

  it('holds a partial tail without aliasing the caller buffer', function () {
    const r = new FrameReassembler(frames[0]!.length);
    const first = Buffer.from(stream.subarray(0, 50));
    expect(r.push(first).length).to.equal(1);
    first.fill(0); // the socket layer may reuse or drop it
    const rest = r.push(stream.subarray(50));
    expect(Buffer.concat(rest).equals(stream.subarray(frames[0]!.length))).to.equal(true);
  });

  it('refuses a frame length that is not a positive integer', function () {
    expect(() => new FrameReassembler(0)).to.throw(/positive integer/);
  });
});
