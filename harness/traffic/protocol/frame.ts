/**
 * The message frame of the `stream` and `rpc` generators, as it appears in a pcap. The client
 * writes frames back to back on one TCP connection; the echo app returns the same bytes; the
 * client verifies each echoed frame in order. Every frame of a generator has the same length,
 * 24 + `size` bytes (`size` = the spec's payload size). All integers are big-endian.
 *
 * ```
 * offset  bytes  field
 *      0      4  magic    68 63 70 31  ("hcp1")
 *      4      4  length   u32, the whole frame in bytes, header and checksum included (24 + size)
 *      8      4  seq      u32, the message's number: 0, 1, 2… per generator, continuing across
 *                         reconnects (messages lost with a connection are never resent)
 *     12      8  sentAt   IEEE 754 float64, epoch milliseconds (fractional) when the client wrote
 *                         the frame: the `t` of its `sent` record in history.ndjson
 *     20   size  payload  pseudo-random bytes, a pure function of (run seed, seq): see prng.ts
 * 20+size     4  crc32    u32, CRC-32 (IEEE, as zlib) of bytes [0, 20+size): everything before it
 * ```
 *
 * Wireshark: `tcp.payload[0:4] == 68:63:70:31` finds frame starts when segments align with
 * frames (they do at low rates with TCP_NODELAY); the seq is `tcp.payload[8:4]`.
 */
import { crc32 } from './crc32.js';
import { dataKey, fillPseudoRandom } from './prng.js';

/** "hcp1". */
export const FRAME_MAGIC = 0x68637031;
/** Bytes around the payload: 20 of header, 4 of checksum. */
export const FRAME_OVERHEAD = 24;
const HEADER = 20;

/** The frame length for a payload of `size` bytes. */
export function frameLength(size: number): number {
  return FRAME_OVERHEAD + size;
}

/** The payload of message `seq` of a generator seeded with `seed`. */
export function framePayload(seed: number, seq: number, size: number): Buffer {
  const payload = Buffer.allocUnsafe(size);
  fillPseudoRandom(payload, dataKey(seed, seq, 'frame'));
  return payload;
}

/** Builds message `seq`'s frame, sent at `sentAt` (epoch ms). */
export function encodeFrame(seed: number, seq: number, size: number, sentAt: number): Buffer {
  const frame = Buffer.allocUnsafe(frameLength(size));
  frame.writeUInt32BE(FRAME_MAGIC, 0);
  frame.writeUInt32BE(frame.length, 4);
  frame.writeUInt32BE(seq >>> 0, 8);
  frame.writeDoubleBE(sentAt, 12);
  fillPseudoRandom(frame.subarray(HEADER, HEADER + size), dataKey(seed, seq, 'frame'));
  frame.writeUInt32BE(crc32(frame, 0, HEADER + size), HEADER + size);
  return frame;
}

/** A frame read back: either its fields, or why it cannot be trusted. */
export type DecodedFrame =
  | { ok: true; seq: number; sentAt: number; payload: Buffer }
  | { ok: false; reason: string };

/** Parses and checks one whole frame (magic, length, checksum); the payload is not compared here. */
export function decodeFrame(frame: Buffer): DecodedFrame {
  if (frame.length < FRAME_OVERHEAD) return { ok: false, reason: `frame of ${frame.length} bytes is shorter than the ${FRAME_OVERHEAD}-byte minimum` };
  const magic = frame.readUInt32BE(0);
  if (magic !== FRAME_MAGIC) return { ok: false, reason: `bad magic 0x${hex32(magic)} (expected 0x${hex32(FRAME_MAGIC)} "hcp1"): the byte stream lost its framing` };
  const length = frame.readUInt32BE(4);
  if (length !== frame.length) return { ok: false, reason: `length field says ${length} bytes, the frame is ${frame.length}` };
  const end = frame.length - 4;
  const stored = frame.readUInt32BE(end);
  const computed = crc32(frame, 0, end);
  if (stored !== computed) {
    return { ok: false, reason: `checksum mismatch: stored 0x${hex32(stored)}, computed 0x${hex32(computed)} (header claims seq ${frame.readUInt32BE(8)})` };
  }
  return { ok: true, seq: frame.readUInt32BE(8), sentAt: frame.readDoubleBE(12), payload: frame.subarray(HEADER, end) };
}

function hex32(n: number): string {
  return n.toString(16).padStart(8, '0');
}
