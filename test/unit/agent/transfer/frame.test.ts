import { createCipheriv, createHmac } from 'node:crypto';
import { expect } from 'chai';
import {
  DEFAULT_MAX_BODY_BYTES,
  encodeFrame,
  encodeFrameParts,
  FrameReader,
  HEADER_BYTES,
  MAC_BYTES,
  MAGIC,
  seal,
  TYPE_CODES,
  type ReadResult,
  type TransferFrame,
  type TransferRequest,
} from '../../../../agent/transfer/frame.js';
import type { CacheEntry } from '../../../../agent/witness/cache-entry.js';
import { KEY, OTHER_KEY } from '../support/messages.js';

const MIB = 1024 * 1024;

/** Three entries: every optional field set (with 1 MiB of bytes), none set, and an empty stream. */
function sampleEntries(): CacheEntry[] {
  const big = new Uint8Array(MIB);
  for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) & 0xff;
  return [
    {
      key: '10.77.0.20:40000>10.77.0.100:7000',
      client: { ip: '10.77.0.20', port: 40000 },
      server: { ip: '10.77.0.100', port: 7000 },
      phase: 'established',
      clientIsn: 4_000_000_000,
      serverIsn: 12345,
      clientOptions: { mss: 1460, wscale: 7, sackPermitted: true, ts: { val: 100, ecr: 0 } },
      serverOptions: { mss: 1400 },
      clientLatest: { t: 1_700_000_000_123.5, seq: 4_000_001_000, ack: 20000, window: 502, tsVal: 150 },
      serverLatest: { t: 1_700_000_000_124, seq: 20000, ack: 4_000_001_000, window: 509 },
      clientBytes: big,
      finFromClient: false,
      finFromServer: false,
      synRetransmitted: true,
      unprotected: 'over the 64 MiB cap',
    },
    {
      key: '10.77.0.21:40001>10.77.0.100:7000',
      client: { ip: '10.77.0.21', port: 40001 },
      server: { ip: '10.77.0.100', port: 7000 },
      phase: 'handshake',
      clientBytes: new Uint8Array([0x68, 0x69, 0x0a]),
      finFromClient: true,
      finFromServer: false,
    },
    {
      key: '10.77.0.22:40002>10.77.0.100:7000',
      client: { ip: '10.77.0.22', port: 40002 },
      server: { ip: '10.77.0.100', port: 7000 },
      phase: 'reset',
      clientBytes: new Uint8Array(0),
      finFromClient: false,
      finFromServer: true,
      unrecoverable: 'joined mid-stream: no handshake seen',
    },
  ];
}

const NONCE = '00112233445566778899aabbccddeeff';
const request = (over: Partial<TransferRequest> = {}): TransferFrame => ({
  type: 'request',
  body: { clusterId: 'lab', from: 'standby', bootId: '00000000000000a1', nonce: NONCE, sentAt: 1_700_000_000_000, lost: 'primary', ips: ['10.77.0.100'], ...over },
});
const smallEntries = (): TransferFrame => ({ type: 'entries', body: { nonce: NONCE, entries: sampleEntries().slice(1) } });
const ack: TransferFrame = { type: 'ack', body: { nonce: NONCE, received: 2, bytes: 3 } };

/** Feeds pieces to a fresh reader; the frames, or the first failure. */
function read(pieces: Uint8Array[], key = KEY, max?: number): ReadResult {
  const reader = new FrameReader(key, max);
  const frames: TransferFrame[] = [];
  for (const piece of pieces) {
    const r = reader.push(piece);
    if (!r.ok) return r;
    frames.push(...r.frames);
  }
  return reader.end() ?? { ok: true, frames };
}

const failure = (r: ReadResult): string => (r.ok ? `ok with ${r.frames.length} frames` : `${r.reason}: ${r.detail}`);

describe('agent transfer: frame', function () {
  describe('round trip', function () {
    it('decodes every frame type to the same value', function () {
      const held = [{ key: '10.77.0.20:40000>10.77.0.100:7000', isn: 4_000_000_000, bytes: 2 ** 33 }];
      const update: TransferFrame = { type: 'entries', body: { nonce: NONCE, seq: 7, gone: ['10.77.0.9:1>10.77.0.100:7000'], entries: sampleEntries().slice(1).map((e) => ({ ...e, clientBytesFrom: 123 })) } };
      const frames: TransferFrame[] = [request(), request({ have: held }), { ...request({ have: held }), type: 'follow' } as TransferFrame, smallEntries(), update, ack, { type: 'refused', body: { nonce: NONCE, reason: 'not a member' } }, { type: 'refused', body: { reason: 'bad-magic' } }];
      for (const frame of frames) expect(read([encodeFrame(frame, KEY)]), frame.type).to.deep.equal({ ok: true, frames: [frame] });
    });

    it('carries entries with 1 MiB of raw client bytes and absent optional fields exactly', function () {
      const frame: TransferFrame = { type: 'entries', body: { nonce: NONCE, entries: sampleEntries() } };
      const buf = encodeFrame(frame, KEY);
      expect(buf.length, 'raw bytes, not base64').to.be.below(MIB + 2048);
      const r = read([buf]);
      expect(r).to.deep.equal({ ok: true, frames: [frame] });
      const decoded = r.ok && r.frames[0]?.type === 'entries' ? r.frames[0].body.entries : [];
      for (const e of decoded) expect(Object.getPrototypeOf(e.clientBytes), e.key).to.equal(Uint8Array.prototype);
      expect(Object.keys(decoded[1]!).sort()).to.deep.equal(['client', 'clientBytes', 'finFromClient', 'finFromServer', 'key', 'phase', 'server']);
    });

    it('carries each entry\'s server tail after its client bytes, offsets and bytes exact', function () {
      const [a, b] = sampleEntries();
      const entries = [{ ...a!, serverTail: { offset: 2 ** 33, bytes: Uint8Array.of(9, 8, 7) } }, b!, { ...b!, key: 'third', clientBytes: Uint8Array.of(1), serverTail: { offset: 0, bytes: Uint8Array.of(5) } }];
      const frame: TransferFrame = { type: 'entries', body: { nonce: NONCE, entries } };
      expect(read([encodeFrame(frame, KEY)])).to.deep.equal({ ok: true, frames: [frame] });
    });

    it('gives an entries frame as parts that hold the entries\' own arrays, read as the same frame one part a chunk', function () {
      const [a, b] = sampleEntries();
      const tail = Uint8Array.of(9, 8, 7);
      const frame: TransferFrame = { type: 'entries', body: { nonce: NONCE, seq: 3, entries: [{ ...a!, serverTail: { offset: 5, bytes: tail } }, b!] } };
      const parts = encodeFrameParts(frame, KEY);
      expect(parts, 'not copied into the frame').to.include(a!.clientBytes).and.include(tail);
      const [joined, whole] = [Buffer.concat(parts), encodeFrame(frame, KEY)];
      expect(joined.length).to.equal(whole.length);
      expect(joined.subarray(0, -MAC_BYTES).equals(whole.subarray(0, -MAC_BYTES)), 'the same bytes as encodeFrame up to the salt').to.equal(true);
      expect(read(parts)).to.deep.equal({ ok: true, frames: [frame] });
      expect(encodeFrameParts(ack, KEY), 'a frame without client bytes is one part').to.have.length(1);
    });

    it('carries an empty cache', function () {
      const frame: TransferFrame = { type: 'entries', body: { nonce: NONCE, entries: [] } };
      expect(read([encodeFrame(frame, KEY)])).to.deep.equal({ ok: true, frames: [frame] });
    });

    it('lays out magic, type, u32 body length, body, 16-byte salt, 16-byte GMAC under the salt\'s key', function () {
      const buf = encodeFrame(ack, KEY);
      expect(buf.subarray(0, 4).toString('ascii')).to.equal('HTC2');
      expect(buf[4]).to.equal(TYPE_CODES.ack);
      const length = buf.readUInt32BE(5);
      expect(buf.length).to.equal(HEADER_BYTES + length + MAC_BYTES);
      expect(JSON.parse(buf.subarray(HEADER_BYTES, HEADER_BYTES + length).toString('utf8'))).to.deep.equal(ack.body);
      // The wire format, computed here from its description so that another implementation can check against it.
      const salt = buf.subarray(HEADER_BYTES + length, HEADER_BYTES + length + 16);
      const gmac = createCipheriv('aes-256-gcm', createHmac('sha256', KEY).update('hatcp frame key').update(salt).digest(), Buffer.alloc(12));
      gmac.setAAD(buf.subarray(0, HEADER_BYTES + length));
      gmac.final();
      expect(buf.subarray(-16).equals(gmac.getAuthTag()), 'the tag').to.equal(true);
    });

    it('salts every frame afresh, so that no two frames share a key', function () {
      const salts = new Set(Array.from({ length: 64 }, () => encodeFrame(ack, KEY).subarray(-MAC_BYTES, -16).toString('hex')));
      expect(salts.size).to.equal(64);
    });
  });

  describe('streaming', function () {
    const frames = [request(), smallEntries(), ack];
    const stream = Buffer.concat(frames.map((f) => encodeFrame(f, KEY)));

    it('returns the same frames however the stream is split in two', function () {
      for (let i = 0; i <= stream.length; i++) {
        expect(read([stream.subarray(0, i), stream.subarray(i)]), `split at ${i}`).to.deep.equal({ ok: true, frames });
      }
    });

    it('returns the same frames fed one byte at a time, and all coalesced in one chunk', function () {
      const bytes = Array.from(stream, (b) => Uint8Array.of(b));
      expect(read(bytes)).to.deep.equal({ ok: true, frames });
      expect(read([stream])).to.deep.equal({ ok: true, frames });
    });

    it('reports a stream that ends inside a header or a body as truncated', function () {
      expect(failure(read([stream.subarray(0, 5)]))).to.match(/^truncated: stream ended 5 bytes into a 9-byte frame header/);
      expect(failure(read([stream.subarray(0, 40)]))).to.match(/^truncated: stream ended 40 bytes into a request frame of \d+ bytes/);
    });
  });

  describe('rejections', function () {
    it('refuses a stream that does not start with "HTC2" from its first wrong byte', function () {
      expect(failure(read([Buffer.from('G')]))).to.equal('bad-magic: stream starts with 0x47, not "HTC2"');
      expect(failure(read([Buffer.from('GET / HTTP/1.1\r\n\r\n')]))).to.match(/^bad-magic/);
    });

    it('refuses an unknown type code', function () {
      expect(failure(read([seal(9, Buffer.from('{}'), KEY)]))).to.match(/^unknown-type: type code 9 is not a frame type/);
      expect(failure(read([seal(0, Buffer.from('{}'), KEY)]))).to.match(/^unknown-type: type code 0/);
    });

    it('refuses an oversize declared length from the 9-byte header alone, before any body arrives', function () {
      const header = (length: number): Buffer => Buffer.concat([MAGIC, Uint8Array.of(TYPE_CODES.entries), u32(length)]);
      expect(failure(new FrameReader(KEY, 1000).push(header(1001)))).to.equal('too-large: entries frame declares a 1001-byte body; the limit is 1000');
      expect(failure(new FrameReader(KEY).push(header(DEFAULT_MAX_BODY_BYTES + 1)))).to.match(/^too-large: entries frame declares a 536870913-byte body; the limit is 536870912$/);
      expect(failure(new FrameReader(KEY).push(header(0xffffffff)))).to.match(/^too-large/);
      const atLimit = new FrameReader(KEY, 1000);
      expect(atLimit.push(header(1000))).to.deep.equal({ ok: true, frames: [] });
      expect(atLimit.pending).to.equal(HEADER_BYTES);
    });

    it('refuses a frame sealed with another key', function () {
      expect(failure(read([encodeFrame(request(), OTHER_KEY)]))).to.equal('bad-mac: request frame: its tag does not match: another cluster key, or the frame was altered');
    });

    it('never returns a frame after any one byte of it is flipped', function () {
      for (const frame of [request(), smallEntries()]) {
        const good = encodeFrame(frame, KEY);
        for (let i = 0; i < good.length; i++) {
          const bent = Buffer.from(good);
          bent[i]! ^= 1 << (i % 8);
          const r = read([bent]);
          expect(r.ok, `${frame.type} byte ${i}: ${failure(r)}`).to.equal(false);
          expect(failure(r)).to.match(/^(bad-magic|unknown-type|too-large|bad-mac|truncated):/);
        }
      }
    });

    it('returns a good frame that precedes garbage in the same chunk, then the failure', function () {
      const reader = new FrameReader(KEY);
      expect(reader.push(Buffer.concat([encodeFrame(ack, KEY), Buffer.from('junk')]))).to.deep.equal({ ok: true, frames: [ack] });
      expect(failure(reader.push(new Uint8Array(0)))).to.equal('bad-magic: stream starts with 0x6a756e6b, not "HTC2"');
      expect(reader.end()?.reason).to.equal('bad-magic');
    });

    it('keeps refusing after the first failure, even good frames', function () {
      const reader = new FrameReader(KEY);
      expect(failure(reader.push(Buffer.from('nope')))).to.match(/^bad-magic/);
      expect(failure(reader.push(encodeFrame(ack, KEY)))).to.match(/^bad-magic/);
    });

    it('names the field of an authentic body with the wrong shape', function () {
      const sealed = (type: keyof typeof TYPE_CODES, body: unknown): Buffer => seal(TYPE_CODES[type], Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), KEY);
      const { body } = request();
      const cases: [Buffer, string][] = [
        [sealed('request', { ...body, ips: ['10.77.0.100', 7] }), 'malformed: request body: ips[1]: expected an IP address, got 7'],
        [sealed('request', { ...body, nonce: 'abc' }), 'malformed: request body: nonce: expected 32 lowercase hex digits, got "abc"'],
        [sealed('request', { ...body, sentAt: -1 }), `malformed: request body: sentAt: expected an integer 0–${Number.MAX_SAFE_INTEGER}, got -1`],
        [sealed('request', { ...body, admin: true }), 'malformed: request body: (body).admin: unknown field'],
        [sealed('follow', { ...body, have: [{ key: 'k', isn: 1, bytes: -1 }] }), 'malformed: follow body: have[0].bytes: expected an integer'],
        [sealed('follow', { ...body, have: [{ key: 'k', isn: 1, bytes: 1, more: 1 }] }), 'malformed: follow body: have[0].more: unknown field'],
        [sealed('request', { ...body, have: Array.from({ length: 4097 }, () => ({ key: 'k', isn: 1, bytes: 1 })) }), 'malformed: request body: have: 4097 connections; at most 4096'],
        [sealed('request', [1, 2]), 'malformed: request body: (body): expected an object, got [1,2]'],
        [sealed('request', '{"clusterId":'), 'malformed: request body: not JSON: '],
        [seal(TYPE_CODES.ack, Buffer.from([0xff, 0xfe]), KEY), 'malformed: ack body: not UTF-8'],
        [sealed('ack', { nonce: NONCE, received: 1.5, bytes: 0 }), 'malformed: ack body: received: expected an integer'],
        [sealed('refused', { nonce: NONCE }), 'malformed: refused body: reason: expected a string, got undefined'],
      ];
      for (const [buf, expected] of cases) expect(failure(read([buf]))).to.include(expected);
    });

    it('names the field of an entries body with the wrong shape or byte count', function () {
      const entriesBody = (header: unknown, bytes: Uint8Array = new Uint8Array(0), headerLength?: number): Buffer => {
        const json = Buffer.from(JSON.stringify(header));
        return seal(TYPE_CODES.entries, Buffer.concat([u32(headerLength ?? json.length), json, bytes]), KEY);
      };
      const entry = { key: 'k', client: { ip: '10.0.0.1', port: 1 }, server: { ip: '10.0.0.2', port: 2 }, phase: 'established', clientBytes: 3, finFromClient: false, finFromServer: false };
      const cases: [Buffer, string][] = [
        [entriesBody({ nonce: NONCE, entries: [entry] }, Uint8Array.of(1, 2)), 'malformed: entries body: entries declare 3 bytes (client bytes and server tails) but 2 follow the header'],
        [entriesBody({ nonce: NONCE, entries: [entry] }, Uint8Array.of(1, 2, 3, 4)), 'entries declare 3 bytes (client bytes and server tails) but 4 follow the header'],
        [entriesBody({ nonce: NONCE, entries: [entry, { ...entry, server: { ip: '10.0.0.2', port: 70000 } }] }, new Uint8Array(6)), 'entries[1].server.port: expected an integer 0–65535, got 70000'],
        [entriesBody({ nonce: NONCE, entries: [{ ...entry, phase: 'open' }] }, new Uint8Array(3)), 'entries[0].phase: expected one of handshake, established, closing, closed, reset, got "open"'],
        [entriesBody({ nonce: NONCE, entries: [{ ...entry, clientOptions: { ts: { val: 1 } } }] }, new Uint8Array(3)), 'entries[0].clientOptions.ts.ecr: expected an integer'],
        [entriesBody({ nonce: NONCE, entries: [] }, undefined, 1000), 'header length 1000 exceeds the'],
        [entriesBody({ nonce: NONCE, seq: -1, entries: [] }), 'seq: expected an integer'],
        [entriesBody({ nonce: NONCE, gone: [7], entries: [] }), 'gone[0]: expected a connection key, got 7'],
        [entriesBody({ nonce: NONCE, entries: [{ ...entry, clientBytesFrom: 'x' }] }, new Uint8Array(3)), 'entries[0].clientBytesFrom: expected an integer'],
        [seal(TYPE_CODES.entries, Uint8Array.of(0, 0), KEY), '2 bytes, shorter than the 4-byte header length'],
      ];
      for (const [buf, expected] of cases) expect(failure(read([buf]))).to.include(expected);
    });
  });

  describe('encode', function () {
    it('refuses an invalid body, naming the field', function () {
      expect(() => encodeFrame(request({ from: 'has space' }), KEY)).to.throw(TypeError, 'request body is invalid: from: expected a node id');
      const entries = sampleEntries().slice(1, 2);
      entries[0]!.client.port = -1;
      expect(() => encodeFrame({ type: 'entries', body: { nonce: NONCE, entries } }, KEY)).to.throw(TypeError, 'entries body is invalid: entries[0].client.port');
    });

    it('refuses a cluster key shorter than 16 bytes, when encoding and when reading', function () {
      expect(() => encodeFrame(ack, Buffer.alloc(8))).to.throw(RangeError, 'cluster key is 8 bytes; at least 16 are needed');
      expect(() => new FrameReader(Buffer.alloc(8))).to.throw(RangeError, 'cluster key is 8 bytes');
    });
  });
});

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
}
