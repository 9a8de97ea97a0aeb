import { expect } from 'chai';
import { createApp } from '../../../agent/service/apps/create-app.js';

/** A fresh stamp app's whole output for `input`. */
function stamp(input: string): Buffer {
  const app = createApp('stamp');
  return Buffer.concat([...app.onData(Buffer.from(input)), ...app.onEnd()]);
}

describe('service: stamp app (deliberately non-deterministic)', function () {
  it('answers each line with the line and 8 random hex digits', function () {
    expect(stamp('hello\nworld\r\n').toString()).to.match(/^hello [0-9a-f]{8}\nworld [0-9a-f]{8}\n$/);
  });

  it('gives different bytes of the same length for the same input: a replay cannot regenerate them', function () {
    const input = 'one\ntwo\nthree\n';
    const a = stamp(input);
    const b = stamp(input);
    expect(a.length).to.equal(b.length);
    expect(a.equals(b)).to.equal(false);
  });
});
