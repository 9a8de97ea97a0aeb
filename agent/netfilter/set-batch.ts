/**
 * nf_tables netlink messages that add or delete IPv4 elements of a set, as one batch (the
 * transaction nft would send for `add element` / `delete element`), and the kernel's answers.
 * Pure: bytes in, bytes out. Layouts from linux/netlink.h, linux/netfilter/nfnetlink.h and
 * linux/netfilter/nf_tables.h; numbers are host order (little-endian here) except where noted.
 */

const NLMSG_HEADER = 16;
const NLMSG_ERROR = 2;
const NLM_F_REQUEST = 0x1;
const NLM_F_ACK = 0x4;
const NLM_F_CREATE = 0x400;
const NFNL_MSG_BATCH_BEGIN = 0x10;
const NFNL_MSG_BATCH_END = 0x11;
const NFNL_SUBSYS_NFTABLES = 10;
const NFT_MSG_NEWSETELEM = 12;
const NFT_MSG_DELSETELEM = 14;
const AF_UNSPEC = 0;
export const NFPROTO_IPV4 = 2;
const NLA_F_NESTED = 0x8000;
const NFTA_SET_ELEM_LIST_TABLE = 1;
const NFTA_SET_ELEM_LIST_SET = 2;
const NFTA_SET_ELEM_LIST_ELEMENTS = 3;
const NFTA_LIST_ELEM = 1;
const NFTA_SET_ELEM_KEY = 1;
const NFTA_DATA_VALUE = 1;

const align4 = (n: number): number => (n + 3) & ~3;

/** One netlink attribute, padded to 4 bytes. */
function attr(type: number, payload: Buffer): Buffer {
  const b = Buffer.alloc(align4(4 + payload.length));
  b.writeUInt16LE(4 + payload.length, 0);
  b.writeUInt16LE(type, 2);
  payload.copy(b, 4);
  return b;
}

const nested = (type: number, ...children: Buffer[]): Buffer => attr(type | NLA_F_NESTED, Buffer.concat(children));
const cString = (s: string): Buffer => Buffer.from(`${s}\0`, 'utf8');

/** An IPv4 address in network order. */
export function ipv4Bytes(ip: string): Buffer {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`not an IPv4 address: ${JSON.stringify(ip)}`);
  return Buffer.from(parts);
}

function message(type: number, flags: number, seq: number, family: number, resId: number, body: Buffer): Buffer {
  const b = Buffer.alloc(NLMSG_HEADER + 4 + body.length);
  b.writeUInt32LE(b.length, 0);
  b.writeUInt16LE(type, 4);
  b.writeUInt16LE(flags, 6);
  b.writeUInt32LE(seq >>> 0, 8);
  b.writeUInt32LE(0, 12); // to the kernel
  b.writeUInt8(family, 16);
  b.writeUInt8(0, 17); // NFNETLINK_V0
  b.writeUInt16BE(resId, 18);
  body.copy(b, 20);
  return b;
}

export interface SetElementsChange {
  op: 'add' | 'delete';
  family: number;
  table: string;
  set: string;
  ips: string[];
}

/**
 * The batch (begin, the change, end) for `change`, numbered from `seq`: only the change asks for
 * an acknowledgment, so the kernel answers with exactly one NLMSG_ERROR, numbered `seq + 1`.
 */
export function setElementsBatch(change: SetElementsChange, seq: number): Buffer {
  if (change.ips.length === 0) throw new Error('a set change needs at least one element');
  const elements = change.ips.map((ip) => nested(NFTA_LIST_ELEM, nested(NFTA_SET_ELEM_KEY, attr(NFTA_DATA_VALUE, ipv4Bytes(ip)))));
  const body = Buffer.concat([
    attr(NFTA_SET_ELEM_LIST_TABLE, cString(change.table)),
    attr(NFTA_SET_ELEM_LIST_SET, cString(change.set)),
    nested(NFTA_SET_ELEM_LIST_ELEMENTS, ...elements),
  ]);
  const type = (NFNL_SUBSYS_NFTABLES << 8) | (change.op === 'add' ? NFT_MSG_NEWSETELEM : NFT_MSG_DELSETELEM);
  // `add` creates what is missing and leaves what exists (nft's `add element`, not `create`).
  const flags = NLM_F_REQUEST | NLM_F_ACK | (change.op === 'add' ? NLM_F_CREATE : 0);
  return Buffer.concat([
    message(NFNL_MSG_BATCH_BEGIN, NLM_F_REQUEST, seq, AF_UNSPEC, NFNL_SUBSYS_NFTABLES, Buffer.alloc(0)),
    message(type, flags, seq + 1, change.family, 0, body),
    message(NFNL_MSG_BATCH_END, NLM_F_REQUEST, seq + 2, AF_UNSPEC, NFNL_SUBSYS_NFTABLES, Buffer.alloc(0)),
  ]);
}

/** What one NLMSG_ERROR said about message `seq`: 0 is success, otherwise a negative errno. */
export interface NetlinkAck {
  seq: number;
  error: number;
}

/** The acknowledgments in what the kernel sent back; anything else in it is skipped. Throws on a truncated message. */
export function parseAcks(data: Buffer): NetlinkAck[] {
  const acks: NetlinkAck[] = [];
  let at = 0;
  while (at + NLMSG_HEADER <= data.length) {
    const len = data.readUInt32LE(at);
    if (len < NLMSG_HEADER || at + len > data.length) throw new Error(`truncated netlink message at byte ${at} (length ${len} of ${data.length - at} left)`);
    if (data.readUInt16LE(at + 4) === NLMSG_ERROR) {
      if (len < NLMSG_HEADER + 4) throw new Error(`short NLMSG_ERROR at byte ${at}`);
      acks.push({ seq: data.readUInt32LE(at + 8), error: data.readInt32LE(at + NLMSG_HEADER) });
    }
    at += align4(len);
  }
  return acks;
}
