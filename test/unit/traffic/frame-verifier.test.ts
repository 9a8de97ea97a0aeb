import { expect } from 'chai';
import { encodeFrame } from '../../../harness/traffic/protocol/frame.js';
import { FrameVerifier } from '../../../harness/traffic/protocol/frame-verifier.js';

const SEED = 11;
const SIZE = 32;
const frame = (seq: number, seed = SEED): Buffer => encodeFrame(seed, seq, SIZE, 1000 + seq);

describe('traffic: in-order verification of echoed frames', function () {
  it('accepts frames in order from the first seq of the connection', function () {
    const v = new FrameVerifier(SEED, SIZE, 10);
    expect(v.verify(frame(10), 13)).to.deep.equal([{ kind: 'ok', seq: 10 }]);
    expect(v.verify(frame(11), 13)).to.deep.equal([{ kind: 'ok', seq: 11 }]);
    expect(v.expected).to.equal(12);
  });

  it('reports a jump as a gap with the missing count, then verifies the frame that came', function () {
    const v = new FrameVerifier(SEED, SIZE, 0);
    v.verify(frame(0), 10);
    expect(v.verify(frame(4), 10)).to.deep.equal([
      { kind: 'gap', firstMissing: 1, missing: 3, nextSeen: 4 },
      { kind: 'ok', seq: 4 },
    ]);
    expect(v.expected).to.equal(5);
  });

  it('reports an older seq as a duplicate and keeps expecting the same one', function () {
    const v = new FrameVerifier(SEED, SIZE, 0);
    v.verify(frame(0), 5);
    v.verify(frame(1), 5);
    expect(v.verify(frame(0), 5)).to.deep.equal([{ kind: 'duplicate', seq: 0, expected: 2 }]);
    expect(v.verify(frame(2), 5)).to.deep.equal([{ kind: 'ok', seq: 2 }]);
  });

  it('counts a corrupt frame in the slot it took, so the next good frame is not a gap', function () {
    const v = new FrameVerifier(SEED, SIZE, 0);
    const bad = Buffer.from(frame(0));
    bad[22] = bad[22]! ^ 0xff;
    const [finding] = v.verify(bad, 3);
    expect(finding).to.include({ kind: 'corrupt', seq: 0 });
    expect((finding as { detail: string }).detail).to.match(/checksum mismatch/);
    expect(v.verify(frame(1), 3)).to.deep.equal([{ kind: 'ok', seq: 1 }]);
  });

  it('catches a payload that is not the generator one even with a valid checksum', function () {
    const v = new FrameVerifier(SEED, SIZE, 0);
    const [finding] = v.verify(frame(0, SEED + 1), 1);
    expect(finding).to.include({ kind: 'corrupt', seq: 0 });
    expect((finding as { detail: string }).detail).to.match(/payload differs from the generator's at byte \d+ of 32/);
  });

  it('flags an echo of a seq never sent', function () {
    const v = new FrameVerifier(SEED, SIZE, 0);
    const [finding] = v.verify(frame(7), 3);
    expect((finding as { detail: string }).detail).to.match(/seq 7, which was never sent \(next unsent is 3\)/);
  });
});
