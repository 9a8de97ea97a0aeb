import { expect } from 'chai';
import { crc32 } from '../../../harness/traffic/protocol/crc32.js';
import { decodeFrame, encodeFrame, FRAME_MAGIC, frameLength, framePayload } from '../../../harness/traffic/protocol/frame.js';
import { dataKey, fillPseudoRandom } from '../../../harness/traffic/protocol/prng.js';

describe('traffic: frame format', function () {
  it('computes the standard CRC-32 (zlib) check value', function () {
    expect(crc32(Buffer.from('123456789'))).to.equal(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).to.equal(0);
    expect(crc32(Buffer.from('xx123456789yy'), 2, 11)).to.equal(0xcbf43926);
  });

  it('lays a frame out byte by byte as documented: magic, length, seq, sentAt, payload, crc32', function () {
    const f = encodeFrame(42, 7, 10, 1_700_000_000_123.456);
    expect(f.length).to.equal(frameLength(10)).and.equal(34);
    expect(f.subarray(0, 4).toString('latin1')).to.equal('hcp1');
    expect(f.readUInt32BE(0)).to.equal(FRAME_MAGIC);
    expect(f.readUInt32BE(4)).to.equal(34);
    expect(f.readUInt32BE(8)).to.equal(7);
    expect(f.readDoubleBE(12)).to.equal(1_700_000_000_123.456);
    expect(f.subarray(20, 30).equals(framePayload(42, 7, 10))).to.equal(true);
    expect(f.readUInt32BE(30)).to.equal(crc32(f, 0, 30));
  });

  it('decodes what it encodes, including an empty payload', function () {
    for (const size of [0, 1, 3, 4, 5, 1000]) {
      const d = decodeFrame(encodeFrame(1, 123456, size, 5.5));
      expect(d).to.deep.include({ ok: true, seq: 123456, sentAt: 5.5 });
      if (d.ok) expect(d.payload.equals(framePayload(1, 123456, size))).to.equal(true);
    }
  });

  it('derives payloads from (seed, seq) only: same inputs same bytes, any change other bytes', function () {
    expect(framePayload(9, 1, 64).equals(framePayload(9, 1, 64))).to.equal(true);
    expect(framePayload(9, 1, 64).equals(framePayload(9, 2, 64))).to.equal(false);
    expect(framePayload(9, 1, 64).equals(framePayload(10, 1, 64))).to.equal(false);
    // Seeds differing only in their high 32 bits differ too.
    expect(dataKey(5, 0, 'frame')).to.not.equal(dataKey(5 + 2 ** 32, 0, 'frame'));
    expect(dataKey(5, 0, 'frame')).to.not.equal(dataKey(5, 0, 'bulk'));
    // A prefix of a longer fill is the shorter fill.
    const long = Buffer.alloc(9);
    const short = Buffer.alloc(6);
    fillPseudoRandom(long, 77);
    fillPseudoRandom(short, 77);
    expect(long.subarray(0, 6).equals(short)).to.equal(true);
  });

  it('rejects a frame with a flipped bit, a bad magic, a wrong length field or a short buffer, saying why', function () {
    const f = encodeFrame(1, 3, 16, 0);
    const flipped = Buffer.from(f);
    flipped[25] = flipped[25]! ^ 0x01;
    expect(decodeFrame(flipped)).to.deep.include({ ok: false });
    expect((decodeFrame(flipped) as { reason: string }).reason).to.match(/checksum mismatch.*claims seq 3/);
    const magic = Buffer.from(f);
    magic[0] = 0;
    expect((decodeFrame(magic) as { reason: string }).reason).to.match(/bad magic/);
    const length = Buffer.from(f);
    length.writeUInt32BE(99, 4);
    expect((decodeFrame(length) as { reason: string }).reason).to.match(/length field says 99 bytes, the frame is 40/);
    expect((decodeFrame(f.subarray(0, 10)) as { reason: string }).reason).to.match(/shorter than the 24-byte minimum/);
  });
});
