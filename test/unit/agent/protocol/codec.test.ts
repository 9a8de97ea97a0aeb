import { expect } from 'chai';
import { decode, encode, frame, HEADER_BYTES, MAX_DATAGRAM_BYTES, PROTOCOL_VERSION } from '../../../../agent/protocol/codec.js';
import type { DecodeResult } from '../../../../agent/protocol/decode-result.js';
import { KIND_CODES, type Message } from '../../../../agent/protocol/message.js';
import { envelope, KEY, OTHER_KEY, primaryRecord, sampleMessages } from '../support/messages.js';

const reason = (r: DecodeResult): string => (r.ok ? 'ok' : r.reason);
/** A datagram with a valid MAC around any body text: what a key holder with a bug could send. */
const sealed = (kind: keyof typeof KIND_CODES, body: unknown): Buffer => frame(KIND_CODES[kind], Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), KEY);

describe('agent protocol: codec', function () {
  describe('round trip', function () {
    for (const message of sampleMessages()) {
      it(`decodes an encoded ${message.kind} to the same message`, function () {
        const buf = encode(message, KEY);
        expect(buf.subarray(0, 4).toString('ascii')).to.equal('HATC');
        expect(buf[4]).to.equal(PROTOCOL_VERSION);
        expect(buf[5]).to.equal(KIND_CODES[message.kind]);
        expect(buf.readUInt16BE(6)).to.equal(buf.length);
        expect(decode(buf, KEY, 'lab')).to.deep.equal({ ok: true, message });
      });
    }

    it('accepts a datagram that sits inside a larger buffer (a pooled Buffer slice)', function () {
      const buf = encode(sampleMessages()[0]!, KEY);
      const pool = Buffer.concat([Buffer.alloc(7, 1), buf, Buffer.alloc(5, 2)]);
      expect(decode(pool.subarray(7, 7 + buf.length), KEY).ok).to.equal(true);
    });

    it('keeps a heartbeat of a 3-node cluster far below the datagram limit', function () {
      expect(encode(sampleMessages()[2]!, KEY).length).to.be.below(MAX_DATAGRAM_BYTES / 2);
    });
  });

  describe('rejections', function () {
    const good = encode(sampleMessages()[2]!, KEY);

    it('truncated: shorter than the header, or than the length field says', function () {
      expect(reason(decode(Buffer.alloc(0), KEY))).to.equal('truncated');
      expect(reason(decode(good.subarray(0, HEADER_BYTES - 1), KEY))).to.equal('truncated');
      expect(reason(decode(good.subarray(0, good.length - 1), KEY))).to.equal('truncated');
    });

    it('bad-magic and bad-version', function () {
      const magic = Buffer.from(good);
      magic.write('HATD', 0, 'ascii');
      expect(reason(decode(magic, KEY))).to.equal('bad-magic');
      const version = Buffer.from(good);
      version[4] = 2;
      expect(decode(version, KEY)).to.deep.include({ ok: false, reason: 'bad-version' });
    });

    it('bad-mac: a forgery under another key, a flipped body bit, a flipped MAC bit, a re-labelled kind', function () {
      const forged = encode(sampleMessages()[3]!, OTHER_KEY);
      expect(reason(decode(forged, KEY))).to.equal('bad-mac');
      for (const offset of [HEADER_BYTES + 10, 20, 5]) {
        const bent = Buffer.from(good);
        bent[offset]! ^= offset === 5 ? 0x07 : 0x01;
        expect(reason(decode(bent, KEY)), `byte ${offset}`).to.equal('bad-mac');
      }
    });

    it('too-large: over 1400 bytes, on decode and on encode', function () {
      expect(reason(decode(Buffer.alloc(MAX_DATAGRAM_BYTES + 1), KEY))).to.equal('too-large');
      const record = primaryRecord();
      record.ports = Array.from({ length: 32 }, (_, i) => ({ from: 10000 + i * 10, to: 10009 + i * 10 }));
      record.addresses = Array.from({ length: 20 }, (_, i) => ({ ip: `10.77.1.${i}`, prefix: 24, mac: '02:42:0a:4d:00:0b', epoch: 123456 }));
      expect(() => encode({ ...envelope('primary', 1), kind: 'announce', record }, KEY)).to.throw(RangeError, /limit is 1400/);
    });

    it('wrong-cluster: authentic, but for another cluster id', function () {
      const other: Message = { ...sampleMessages()[1]!, clusterId: 'lab2' };
      expect(reason(decode(encode(other, KEY), KEY, 'lab'))).to.equal('wrong-cluster');
      expect(reason(decode(encode(other, KEY), KEY))).to.equal('ok');
    });

    const { kind: _kind, ...solicitFields } = sampleMessages()[1]!;
    const malformed: [string, Buffer][] = [
      ['an unknown kind code', frame(9, Buffer.from(JSON.stringify(solicitFields)), KEY)],
      ['kind code 0', frame(0, Buffer.from(JSON.stringify(solicitFields)), KEY)],
      ['a body that is not JSON', sealed('solicit', '{"clusterId":')],
      ['NaN in the body', sealed('solicit', '{"seq":NaN}')],
      ['a body that is not UTF-8', frame(2, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), KEY)],
      ['a JSON array', sealed('solicit', '[]')],
      ['a negative seq', sealed('solicit', { ...solicitFields, seq: -1 })],
      ['a fractional seq', sealed('solicit', { ...solicitFields, seq: 1.5 })],
      ['a seq past 2^53', sealed('solicit', { ...solicitFields, seq: 2 ** 53 })],
      ['a seq as a string', sealed('solicit', { ...solicitFields, seq: '1' })],
      ['a short boot id', sealed('solicit', { ...solicitFields, bootId: 'abc' })],
      ['an unknown field', sealed('solicit', { ...solicitFields, extra: 1 })],
      ['a missing field', sealed('solicit', { ...solicitFields, from: undefined })],
      ['a body of another kind (announce fields under the solicit code)', sealed('solicit', { ...solicitFields, record: primaryRecord() })],
      ['a record that is not the sender', sealed('announce', { ...solicitFields, record: primaryRecord(1, 'standby') })],
      ['an IP with a leading zero', sealed('announce', { ...solicitFields, record: { ...primaryRecord(), addresses: [{ ip: '10.077.0.1', prefix: 24, mac: '02:42:0a:4d:00:0b', epoch: 1 }] } })],
      ['an inverted port range', sealed('announce', { ...solicitFields, record: { ...primaryRecord(), ports: [{ from: 9, to: 8 }] } })],
      ['an unknown role', sealed('announce', { ...solicitFields, record: { ...primaryRecord(), role: 'leader' } })],
      ['a claim of an address not in the record', sealed('claim', { ...solicitFields, record: primaryRecord(1), claimed: [{ ip: '10.77.0.100', prefix: 24 }], epoch: 2 })],
      ['a release of nothing', sealed('release', { ...solicitFields, released: [] })],
      ['a length field below the smallest body', (() => { const b = Buffer.from(good); b.writeUInt16BE(HEADER_BYTES + 1, 6); return b.subarray(0, HEADER_BYTES + 1); })()],
      ['bytes after the announced length', Buffer.concat([good, Buffer.from([0])])],
    ];
    for (const [what, buf] of malformed) {
      it(`malformed: ${what}`, function () {
        const result = decode(buf, KEY);
        expect(reason(result)).to.equal('malformed');
        expect(result.ok ? '' : result.detail).to.not.match(/^decoder error/);
      });
    }

    it('encode refuses a message its peers would refuse, and a short key', function () {
      const bad = { ...sampleMessages()[1]!, seq: -1 };
      expect(() => encode(bad, KEY)).to.throw(TypeError, /seq/);
      expect(() => encode(sampleMessages()[1]!, Buffer.from('short'))).to.throw(RangeError, /at least 16/);
      expect(reason(decode(encode(sampleMessages()[1]!, KEY), Buffer.from('short')))).to.equal('bad-mac');
    });
  });
});
