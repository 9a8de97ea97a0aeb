import { expect } from 'chai';
import { decodeTcp, PcapReader, tcpOptions, udpPayload } from '../../../../agent/witness/pcap.js';
import { TcpTracker } from '../../../../agent/witness/tcp-tracker.js';

/** One Ethernet/IPv4/TCP frame, built byte by byte as on the wire. */
function frame(p: { src: number[]; sport: number; dst: number[]; dport: number; seq: number; ack: number; flags: number; options?: number[]; payload?: string }): Uint8Array {
  const options = p.options ?? [];
  const payload = new TextEncoder().encode(p.payload ?? '');
  const tcpLen = 20 + options.length;
  const ipLen = 20 + tcpLen + payload.length;
  const b = new Uint8Array(14 + ipLen);
  const v = new DataView(b.buffer);
  b.set([2, 0x42, 10, 77, 0, 11, 2, 0x42, 10, 77, 0, 10], 0);
  v.setUint16(12, 0x0800);
  b[14] = 0x45;
  v.setUint16(16, ipLen);
  b[22] = 64;
  b[23] = 6;
  b.set(p.src, 26);
  b.set(p.dst, 30);
  const t = 34;
  v.setUint16(t, p.sport);
  v.setUint16(t + 2, p.dport);
  v.setUint32(t + 4, p.seq);
  v.setUint32(t + 8, p.ack);
  b[t + 12] = (tcpLen / 4) << 4;
  b[t + 13] = p.flags;
  v.setUint16(t + 14, 64240);
  b.set(options, t + 20);
  b.set(payload, t + tcpLen);
  return b;
}

/** A little-endian microsecond pcap holding the frames, 1 ms apart from 1795880000.5 s. */
function pcap(frames: Uint8Array[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const head = new Uint8Array(24);
  const hv = new DataView(head.buffer);
  hv.setUint32(0, 0xa1b2c3d4, true);
  hv.setUint16(4, 2, true);
  hv.setUint16(6, 4, true);
  hv.setUint32(16, 262144, true);
  hv.setUint32(20, 1, true);
  parts.push(head);
  frames.forEach((f, i) => {
    const r = new Uint8Array(16);
    const rv = new DataView(r.buffer);
    rv.setUint32(0, 1795880000, true);
    rv.setUint32(4, 500_000 + i * 1000, true);
    rv.setUint32(8, f.length, true);
    rv.setUint32(12, f.length, true);
    parts.push(r, f);
  });
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const C = [10, 77, 0, 10];
const S = [10, 77, 0, 100];
// MSS 1460, SACK permitted, timestamps 11/0, NOP, window scale 7: what Linux puts in a SYN.
const SYN_OPTIONS = [2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 11, 0, 0, 0, 0, 1, 3, 3, 7];
const FRAMES = [
  frame({ src: C, sport: 50000, dst: S, dport: 7000, seq: 100, ack: 0, flags: 0x02, options: SYN_OPTIONS }),
  frame({ src: S, sport: 7000, dst: C, dport: 50000, seq: 900, ack: 101, flags: 0x12, options: [2, 4, 0x05, 0xb4] }),
  frame({ src: C, sport: 50000, dst: S, dport: 7000, seq: 101, ack: 901, flags: 0x18, payload: 'hello' }),
];

describe('witness: pcap stream', function () {
  it('reads records across any chunking, with capture times in ms', function () {
    const bytes = pcap(FRAMES);
    // What a consumer sees: a record's data is valid until the next push, so it is copied at once.
    const read = (chunks: Uint8Array[]) => {
      const reader = new PcapReader();
      return chunks.flatMap((c) => reader.push(c).map((r) => ({ t: r.t, wireLength: r.wireLength, data: [...r.data] })));
    };
    const whole = read([bytes]);
    expect(whole.map((r) => r.t)).to.deep.equal([1795880000500, 1795880000501, 1795880000502]);
    // Byte by byte, and splits inside the file header, record headers and records: the join
    // buffer replaced while the tail holds a record header joined in it, and reused record after record.
    for (const size of [1, 2, 7, 16, 23, 25, 40, 61]) {
      const chunks = [];
      for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.slice(at, at + size));
      expect(read(chunks), `chunks of ${size}`).to.deep.equal(whole);
    }
  });

  it('decodes the TCP header, options and payload, and the tracker takes it from there', function () {
    const segments = new PcapReader().push(pcap(FRAMES)).map(decodeTcp);
    expect(segments[0]).to.deep.include({ seq: 100, ack: 0, window: 64240, src: { ip: '10.77.0.10', port: 50000 }, dst: { ip: '10.77.0.100', port: 7000 } });
    expect(segments[0]!.flags).to.deep.equal({ fin: false, syn: true, rst: false, ack: false });
    expect(segments[0]!.options).to.deep.equal({ mss: 1460, sackPermitted: true, ts: { val: 11, ecr: 0 }, wscale: 7 });
    const tracker = new TcpTracker({ isServer: (e) => e.ip === '10.77.0.100' && e.port === 7000 });
    for (const s of segments) tracker.push(s!);
    const key = '10.77.0.10:50000>10.77.0.100:7000';
    expect(tracker.connection(key)).to.deep.include({ phase: 'established', clientIsn: 100, serverIsn: 900 });
    expect(new TextDecoder().decode(tracker.clientStream(key))).to.equal('hello');
  });

  it('finds a marker datagram: UDP from the given source to the given port, its payload only', function () {
    // Ethernet, IPv4 (20 bytes, UDP), UDP 10.77.0.13:40000 > 239.1.2.3:7709, payload 8 bytes.
    const frame = Buffer.alloc(14 + 20 + 8 + 8);
    frame.writeUInt16BE(0x0800, 12);
    frame[14] = 0x45;
    frame.writeUInt16BE(20 + 8 + 8, 16);
    frame[14 + 9] = 17;
    Buffer.from([10, 77, 0, 13]).copy(frame, 26);
    Buffer.from([239, 1, 2, 3]).copy(frame, 30);
    frame.writeUInt16BE(40000, 34);
    frame.writeUInt16BE(7709, 36);
    frame.writeUInt16BE(16, 38);
    Buffer.from('0123456789abcdef', 'hex').copy(frame, 42);
    const record = { t: 0, linkType: 1, data: new Uint8Array(frame), wireLength: frame.length };
    expect(Buffer.from(udpPayload(record, '10.77.0.13', 7709)!).toString('hex')).to.equal('0123456789abcdef');
    expect(udpPayload(record, '10.77.0.12', 7709), 'another source').to.equal(undefined);
    expect(udpPayload(record, '10.77.0.13', 7708), 'another port').to.equal(undefined);
    expect(decodeTcp(record), 'not TCP').to.equal(undefined);
  });

  it('skips what is not IPv4/TCP, and refuses a stream that is not pcap', function () {
    const arp = new Uint8Array(42);
    new DataView(arp.buffer).setUint16(12, 0x0806);
    expect(decodeTcp({ t: 0, linkType: 1, data: arp, wireLength: 42 })).to.equal(undefined);
    expect(() => new PcapReader().push(new Uint8Array(24).fill(7))).to.throw('not a pcap stream: magic 0x7070707');
  });

  it('stops at a malformed option instead of reading past the block', function () {
    expect(tcpOptions(Uint8Array.from([2, 4, 0x05, 0xb4, 8, 40, 1]))).to.deep.equal({ mss: 1460 });
  });
});
