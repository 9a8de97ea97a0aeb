import { expect } from 'chai';
import { ipv4Bytes, NFPROTO_IPV4, parseAcks, setElementsBatch } from '../../../../agent/netfilter/set-batch.js';

/** The netlink messages of a buffer: [type, flags, seq, body after the 16-byte header]. */
function messages(b: Buffer): { type: number; flags: number; seq: number; body: Buffer }[] {
  const out = [];
  for (let at = 0; at < b.length;) {
    const len = b.readUInt32LE(at);
    out.push({ type: b.readUInt16LE(at + 4), flags: b.readUInt16LE(at + 6), seq: b.readUInt32LE(at + 8), body: b.subarray(at + 16, at + len) });
    at += (len + 3) & ~3;
  }
  return out;
}

/** The attributes of a body after the 4-byte nfgenmsg, or of a nested attribute's payload. */
function attrs(b: Buffer): { type: number; nested: boolean; payload: Buffer }[] {
  const out = [];
  for (let at = 0; at + 4 <= b.length;) {
    const len = b.readUInt16LE(at);
    const type = b.readUInt16LE(at + 2);
    out.push({ type: type & 0x3fff, nested: (type & 0x8000) !== 0, payload: b.subarray(at + 4, at + len) });
    at += (len + 3) & ~3;
  }
  return out;
}

describe('agent netfilter: nf_tables set element batches', function () {
  const change = { family: NFPROTO_IPV4, table: 'hatcp_lock', set: 'vips', ips: ['10.77.0.100', '192.168.1.2'] };

  it('a delete is begin, DELSETELEM (acknowledged), end, numbered from seq', function () {
    const m = messages(setElementsBatch({ ...change, op: 'delete' }, 41));
    expect(m.map((x) => [x.type, x.flags, x.seq])).to.deep.equal([[0x10, 0x1, 41], [0x0a0e, 0x5, 42], [0x11, 0x1, 43]]);
    // nfgenmsg: the batch's resource id is the nftables subsystem (10, big-endian); the change's family is IPv4.
    expect([...m[0]!.body]).to.deep.equal([0, 0, 0, 10]);
    expect([...m[1]!.body.subarray(0, 4)]).to.deep.equal([NFPROTO_IPV4, 0, 0, 0]);
  });

  it('an add is NEWSETELEM with NLM_F_CREATE (nft add, not create: an element already there is no error)', function () {
    const m = messages(setElementsBatch({ ...change, op: 'add' }, 1));
    expect([m[1]!.type, m[1]!.flags]).to.deep.equal([0x0a0c, 0x405]);
  });

  it('names the table and set as C strings and nests each address as list element, key, value', function () {
    const [table, set, elements] = attrs(messages(setElementsBatch({ ...change, op: 'delete' }, 1))[1]!.body.subarray(4));
    expect(table).to.deep.include({ type: 1, nested: false });
    expect(table!.payload.toString()).to.equal('hatcp_lock\0');
    expect(set!.payload.toString()).to.equal('vips\0');
    expect(elements).to.deep.include({ type: 3, nested: true });
    const values = attrs(elements!.payload).map((elem) => {
      expect(elem).to.deep.include({ type: 1, nested: true });
      const [key] = attrs(elem.payload);
      expect(key).to.deep.include({ type: 1, nested: true });
      const [value] = attrs(key!.payload);
      expect(value).to.deep.include({ type: 1, nested: false });
      return [...value!.payload];
    });
    expect(values).to.deep.equal([[10, 77, 0, 100], [192, 168, 1, 2]]);
  });

  it('refuses no elements and what is not an IPv4 address', function () {
    expect(() => setElementsBatch({ ...change, op: 'add', ips: [] }, 1)).to.throw('at least one element');
    expect(() => ipv4Bytes('10.77.0.256')).to.throw('not an IPv4 address: "10.77.0.256"');
    expect(() => ipv4Bytes('fe80::1')).to.throw('not an IPv4 address');
  });

  it('reads the acknowledgments of an answer, errors as negative errno, and refuses a truncated one', function () {
    const ack = (seq: number, error: number) => {
      const b = Buffer.alloc(36);
      b.writeUInt32LE(36, 0);
      b.writeUInt16LE(2, 4); // NLMSG_ERROR
      b.writeUInt32LE(seq, 8);
      b.writeInt32LE(error, 16);
      return b;
    };
    expect(parseAcks(Buffer.concat([ack(42, 0), ack(45, -2)]))).to.deep.equal([{ seq: 42, error: 0 }, { seq: 45, error: -2 }]);
    expect(() => parseAcks(ack(42, 0).subarray(0, 30))).to.throw('truncated netlink message at byte 0');
  });
});
