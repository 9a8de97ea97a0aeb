import { expect } from 'chai';
import { decode, encode, frame, HEADER_BYTES, MAGIC, MAX_DATAGRAM_BYTES } from '../../../../agent/protocol/codec.js';
import type { DecodeResult } from '../../../../agent/protocol/decode-result.js';
import { Prng } from '../support/prng.js';
import { KEY, sampleMessages } from '../support/messages.js';

const SEED = 0x5eed_ca11;

/** decode, asserting it neither throws nor reaches its last-resort catch (an unforeseen input). */
function safeDecode(buf: Buffer): DecodeResult {
  let result: DecodeResult | undefined;
  expect(() => (result = decode(buf, KEY, 'lab')), `input ${buf.toString('hex')}`).to.not.throw();
  if (result!.ok === false) expect(result!.detail, `input ${buf.toString('hex')}`).to.not.match(/^decoder error/);
  return result!;
}

/** A random buffer; half of them start with a plausible header so they reach the MAC check. */
function randomDatagram(rng: Prng): Buffer {
  const buf = rng.bytes(rng.below(MAX_DATAGRAM_BYTES + 100));
  if (buf.length >= HEADER_BYTES && rng.next() < 0.5) {
    MAGIC.copy(buf, 0);
    buf[4] = 1;
    buf[5] = rng.below(7);
    if (rng.next() < 0.8) buf.writeUInt16BE(Math.min(buf.length, 0xffff), 6);
  }
  return buf;
}

/** A single-byte change, a truncation or an extension of `buf`. */
function mutate(rng: Prng, buf: Buffer): Buffer {
  switch (rng.below(4)) {
    case 0: {
      const out = Buffer.from(buf);
      out[rng.below(out.length)] = rng.below(256);
      return out;
    }
    case 1: {
      const out = Buffer.from(buf);
      out[rng.below(out.length)]! ^= 1 << rng.below(8);
      return out;
    }
    case 2:
      return buf.subarray(0, rng.below(buf.length));
    default:
      return Buffer.concat([buf, rng.bytes(1 + rng.below(32))]);
  }
}

describe('agent protocol: fuzz', function () {
  this.timeout(60_000);
  const originals = sampleMessages().map((m) => encode(m, KEY));

  it('never throws on 20,000 random buffers, and accepts none', function () {
    const rng = new Prng(SEED);
    for (let i = 0; i < 20_000; i++) expect(safeDecode(randomDatagram(rng)).ok).to.equal(false);
  });

  it('accepts none of 20,000 mutated valid messages unless the mutation left it byte-identical', function () {
    const rng = new Prng(SEED + 1);
    let identical = 0;
    for (let i = 0; i < 20_000; i++) {
      const original = originals[i % originals.length]!;
      const mutated = mutate(rng, original);
      const same = mutated.equals(original);
      if (same) identical++;
      expect(safeDecode(mutated).ok, `mutation ${i}: ${mutated.toString('hex')}`).to.equal(same);
    }
    expect(identical).to.be.below(200);
  });

  it('never throws on 5,000 authentic datagrams with mutated bodies, and re-encodes whatever it accepts', function () {
    const rng = new Prng(SEED + 2);
    for (let i = 0; i < 5_000; i++) {
      const original = originals[i % originals.length]!;
      const body = mutate(rng, original.subarray(HEADER_BYTES));
      const result = safeDecode(frame(original[5]!, body, KEY));
      if (result.ok) expect(decode(encode(result.message, KEY), KEY)).to.deep.equal(result);
      else expect(result.reason).to.be.oneOf(['malformed', 'too-large', 'wrong-cluster']);
    }
  });
});
