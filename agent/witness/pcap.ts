/**
 * A streaming reader of the classic pcap format (what `tcpdump -w -` writes) and a decoder of
 * Ethernet/IPv4/TCP frames into tracker segments. Pure: bytes in, records out, across any chunking.
 * Link types: Ethernet (1) and Linux cooked v1 (113, `-i any`). Anything else is counted as skipped.
 */
import type { Segment, TcpOptions } from './tcp-tracker.js';

export interface PcapRecord {
  /** Capture time, ms since the epoch (µs or ns resolution as the file says). */
  t: number;
  linkType: number;
  /** The captured bytes (may be shorter than the frame: snaplen). */
  data: Uint8Array;
  /** The frame's length on the wire. */
  wireLength: number;
}

const MAGIC_US = 0xa1b2c3d4;
const MAGIC_NS = 0xa1b23c4d;

/**
 * Feed it chunks; it returns the whole records they complete. A record's data is valid until the
 * next push: it is a view of the chunk it came in (so a pushed chunk must not be modified
 * afterwards) or, for a record split across chunks, of the reader's join buffer, which the next
 * push reuses. Whoever keeps bytes copies them (the witness's tracker does, once, into its cache).
 * Nothing else is copied. At 200 Mbit/s both ways the witness's garbage collector took a fifth of
 * its time when every captured byte was copied; and with 64 KiB segments (GSO), which never fit
 * one of Node's 64 KiB pipe reads, a join into fresh memory per record cost ten times the rest of
 * the parse (611 vs 71 ms of CPU for a 272 MB capture).
 */
export class PcapReader {
  /** The bytes not yet parsed (views of the chunks they came in, or of `joinBuffer`), in order. */
  private tail: Uint8Array[] = [];
  /** Where a split unit is joined; grown to the largest record seen, never shrunk. */
  private joinBuffer = new Uint8Array(0);
  private tailLength = 0;
  /** How many tail bytes the next record (or the file header) needs before parsing can progress. */
  private need = 24;
  private littleEndian: boolean | undefined;
  private nanos = false;
  private linkType = 0;

  push(chunk: Uint8Array): PcapRecord[] {
    const out: PcapRecord[] = [];
    let rest = chunk;
    // Complete the unit the tail holds the start of (file header, record header, record) from the
    // chunk's first bytes, one join each, until the tail is empty or the chunk used up.
    while (this.tailLength > 0) {
      if (this.tailLength + rest.length < this.need) {
        this.keep(rest);
        return out;
      }
      const take = this.need - this.tailLength;
      const joined = this.joinSpace(this.need);
      let at = 0;
      // A part may itself be a view of the join buffer (a record header joined before the record
      // was whole): it lies at its start, where it is copied to, and set() copies overlaps right.
      for (const part of this.tail) {
        joined.set(part, at);
        at += part.length;
      }
      joined.set(rest.subarray(0, take), at);
      this.tail = [];
      this.tailLength = 0;
      rest = rest.subarray(take);
      const used = this.parse(joined, out);
      if (used < joined.length) this.keep(joined.subarray(used));
    }
    const used = this.parse(rest, out);
    if (used < rest.length) this.keep(rest.subarray(used));
    return out;
  }

  /** Parses the file header (first time) and every whole record of `buf`; how many bytes it used. Sets `need` for what is left. */
  private parse(buf: Uint8Array, out: PcapRecord[]): number {
    let at = 0;
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    if (this.littleEndian === undefined) {
      if (buf.length < 24) {
        this.need = 24;
        return 0;
      }
      const le = view.getUint32(0, true);
      const be = view.getUint32(0, false);
      if (le === MAGIC_US || le === MAGIC_NS) this.littleEndian = true;
      else if (be === MAGIC_US || be === MAGIC_NS) this.littleEndian = false;
      else {
        this.keep(buf); // as it was: every later push fails the same way
        throw new Error(`not a pcap stream: magic 0x${le.toString(16)}`);
      }
      this.nanos = (this.littleEndian ? le : be) === MAGIC_NS;
      this.linkType = view.getUint32(20, this.littleEndian) & 0x0fff_ffff;
      at = 24;
    }
    const le = this.littleEndian;
    this.need = 16;
    while (buf.length - at >= 16) {
      const incl = view.getUint32(at + 8, le);
      if (buf.length - at - 16 < incl) {
        this.need = 16 + incl;
        break;
      }
      const sec = view.getUint32(at, le);
      const frac = view.getUint32(at + 4, le);
      const orig = view.getUint32(at + 12, le);
      out.push({ t: sec * 1000 + (this.nanos ? frac / 1e6 : frac / 1e3), linkType: this.linkType, data: buf.subarray(at + 16, at + 16 + incl), wireLength: orig });
      at += 16 + incl;
    }
    return at;
  }

  /**
   * The first `n` bytes of the join buffer, replaced by a larger one when too small. Its old
   * contents need no copy: a tail part that views the old buffer keeps it alive, and is copied
   * from there.
   */
  private joinSpace(n: number): Uint8Array {
    if (this.joinBuffer.length < n) this.joinBuffer = new Uint8Array(Math.max(n, 2 * this.joinBuffer.length));
    return this.joinBuffer.subarray(0, n);
  }

  /** Keeps unparsed bytes (a view: pushed chunks are not modified). */
  private keep(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.tail.push(bytes);
    this.tailLength += bytes.length;
  }
}

const ipText = (b: Uint8Array, at: number) => `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;

/** The TCP segment an IPv4 frame carries, or undefined for anything else (or a truncated one). */
/** Where a record's IPv4 header starts (Ethernet or Linux cooked capture), or undefined if it holds no IPv4. */
function ipv4At(record: PcapRecord, view: DataView): number | undefined {
  const d = record.data;
  let ip: number;
  if (record.linkType === 1) {
    if (d.length < 14 || view.getUint16(12) !== 0x0800) return undefined;
    ip = 14;
  } else if (record.linkType === 113) {
    if (d.length < 16 || view.getUint16(14) !== 0x0800) return undefined;
    ip = 16;
  } else {
    return undefined;
  }
  return d.length >= ip + 20 && d[ip]! >> 4 === 4 ? ip : undefined;
}

/** The payload of a UDP datagram from `src` to port `port`, or undefined when the record is not one. */
export function udpPayload(record: PcapRecord, src: string, port: number): Uint8Array | undefined {
  const d = record.data;
  const view = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const ip = ipv4At(record, view);
  if (ip === undefined || d[ip + 9] !== 17) return undefined;
  const udp = ip + (d[ip]! & 0x0f) * 4;
  if (d.length < udp + 8 || view.getUint16(udp + 2) !== port || ipText(d, ip + 12) !== src) return undefined;
  return d.subarray(udp + 8, Math.min(d.length, udp + view.getUint16(udp + 4)));
}

export function decodeTcp(record: PcapRecord): Segment | undefined {
  const d = record.data;
  const view = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const ip = ipv4At(record, view);
  if (ip === undefined || d[ip + 9] !== 6) return undefined;
  const ihl = (d[ip]! & 0x0f) * 4;
  const total = view.getUint16(ip + 2);
  const tcp = ip + ihl;
  if (d.length < tcp + 20) return undefined;
  const off = (d[tcp + 12]! >> 4) * 4;
  const flags = d[tcp + 13]!;
  const end = Math.min(d.length, ip + total);
  if (end < tcp + off) return undefined;
  return {
    t: record.t,
    src: { ip: ipText(d, ip + 12), port: view.getUint16(tcp) },
    dst: { ip: ipText(d, ip + 16), port: view.getUint16(tcp + 2) },
    seq: view.getUint32(tcp + 4),
    ack: view.getUint32(tcp + 8),
    flags: { fin: (flags & 0x01) !== 0, syn: (flags & 0x02) !== 0, rst: (flags & 0x04) !== 0, ack: (flags & 0x10) !== 0 },
    window: view.getUint16(tcp + 14),
    options: tcpOptions(d.subarray(tcp + 20, tcp + off)),
    payload: d.subarray(tcp + off, end),
  };
}

/** MSS, window scale, SACK permitted and timestamps from a TCP options block. */
export function tcpOptions(b: Uint8Array): TcpOptions {
  const o: TcpOptions = {};
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < b.length;) {
    const kind = b[i]!;
    if (kind === 0) break;
    if (kind === 1) {
      i++;
      continue;
    }
    const len = b[i + 1] ?? 0;
    if (len < 2 || i + len > b.length) break;
    if (kind === 2 && len === 4) o.mss = view.getUint16(i + 2);
    else if (kind === 3 && len === 3) o.wscale = b[i + 2]!;
    else if (kind === 4 && len === 2) o.sackPermitted = true;
    else if (kind === 8 && len === 10) o.ts = { val: view.getUint32(i + 2), ecr: view.getUint32(i + 6) };
    i += len;
  }
  return o;
}
