/**
 * The ownership channel's datagram: a fixed binary header, then a JSON body.
 *
 *   offset  size  field
 *   0       4     magic, ASCII "HATC" (0x48 0x41 0x54 0x43)
 *   4       1     protocol version, u8, currently 1
 *   5       1     kind, u8: 1 announce, 2 solicit, 3 heartbeat, 4 claim, 5 release
 *   6       2     length of the whole datagram (header + body), u16 big-endian, 42–1400
 *   8       32    MAC: HMAC-SHA256 keyed by the cluster key over bytes 0–7 followed by bytes 40–end
 *                 (everything but the MAC itself)
 *   40      n     body: a UTF-8 JSON object, the message's fields except `kind` (schema.ts)
 *
 * Why this shape: the header lets a receiver reject foreign or truncated traffic and check the MAC
 * before it parses a single byte of JSON; the kind is authenticated with the rest, so a body can
 * never be re-labelled as another kind. JSON keeps the body readable in tcpdump (`-A`) and cheap to
 * evolve; the 1400-byte cap keeps every datagram in one Ethernet frame (no IP fragmentation).
 * Sequence numbers are safe integers rather than u64: a per-boot counter never reaches 2^53, and
 * plain numbers survive JSON.stringify in logs where bigint throws.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DecodeResult, DecodeFailureReason } from './decode-result.js';
import { KIND_CODES, type Message, type MessageKind } from './message.js';
import { BODY_SCHEMAS, issuesText } from './schema.js';

/** The first four bytes of every datagram. */
export const MAGIC = Buffer.from('HATC', 'ascii');
/** The protocol version this codec reads and writes. */
export const PROTOCOL_VERSION = 1;
const MAC_OFFSET = 8;
const MAC_BYTES = 32;
/** Bytes before the body. */
export const HEADER_BYTES = MAC_OFFSET + MAC_BYTES;
/** The largest datagram encode writes and decode reads. */
export const MAX_DATAGRAM_BYTES = 1400;
/** Shorter cluster keys are refused: they would make the MAC guessable. */
export const MIN_KEY_BYTES = 16;

const MIN_BODY_BYTES = 2; // "{}"
const KINDS_BY_CODE = new Map<number, MessageKind>(Object.entries(KIND_CODES).map(([kind, code]) => [code, kind as MessageKind]));
const UTF8 = new TextDecoder('utf-8', { fatal: true });

function mac(key: Buffer, datagram: Uint8Array): Buffer {
  return createHmac('sha256', key).update(datagram.subarray(0, MAC_OFFSET)).update(datagram.subarray(HEADER_BYTES)).digest();
}

/** Frames a body under a header and MACs it; low level (encode validates, this does not). */
export function frame(kindCode: number, body: Uint8Array, key: Buffer, version = PROTOCOL_VERSION): Buffer {
  const length = HEADER_BYTES + body.length;
  if (length > 0xffff) throw new RangeError(`datagram of ${length} bytes does not fit the u16 length field`);
  const out = Buffer.alloc(length);
  MAGIC.copy(out, 0);
  out.writeUInt8(version, 4);
  out.writeUInt8(kindCode, 5);
  out.writeUInt16BE(length, 6);
  out.set(body, HEADER_BYTES);
  mac(key, out).copy(out, MAC_OFFSET);
  return out;
}

/** Serialises and authenticates a message; throws if it is invalid or would exceed 1400 bytes. */
export function encode(message: Message, key: Buffer): Buffer {
  if (key.length < MIN_KEY_BYTES) throw new RangeError(`cluster key is ${key.length} bytes; at least ${MIN_KEY_BYTES} are needed`);
  const { kind, ...fields } = message;
  const parsed = BODY_SCHEMAS[kind].safeParse(fields);
  if (!parsed.success) throw new TypeError(`${kind} message from ${String(message.from)} is invalid: ${issuesText(parsed.error)}`);
  const body = Buffer.from(JSON.stringify(fields), 'utf8');
  const length = HEADER_BYTES + body.length;
  if (length > MAX_DATAGRAM_BYTES) throw new RangeError(`${kind} message from ${message.from} is ${length} bytes; the limit is ${MAX_DATAGRAM_BYTES} (fewer addresses, ports or peers per node)`);
  return frame(KIND_CODES[kind], body, key);
}

const fail = (reason: DecodeFailureReason, detail: string): DecodeResult => ({ ok: false, reason, detail });

/**
 * Authenticates and parses a datagram; never throws. With `clusterId`, an authentic message of
 * another cluster (same key) is refused as `wrong-cluster`.
 */
export function decode(buf: Uint8Array, key: Buffer, clusterId?: string): DecodeResult {
  try {
    return decodeUnsafe(buf, key, clusterId);
  } catch (error) {
    return fail('malformed', `decoder error: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function decodeUnsafe(buf: Uint8Array, key: Buffer, clusterId: string | undefined): DecodeResult {
  if (buf.length > MAX_DATAGRAM_BYTES) return fail('too-large', `${buf.length} bytes; the limit is ${MAX_DATAGRAM_BYTES}`);
  if (buf.length < HEADER_BYTES) return fail('truncated', `${buf.length} bytes, shorter than the ${HEADER_BYTES}-byte header`);
  if (!MAGIC.equals(buf.subarray(0, 4))) return fail('bad-magic', `starts with 0x${Buffer.from(buf.subarray(0, 4)).toString('hex')}, not "HATC"`);
  const version = buf[4]!;
  if (version !== PROTOCOL_VERSION) return fail('bad-version', `version ${version}; this agent speaks ${PROTOCOL_VERSION}`);
  const length = (buf[6]! << 8) | buf[7]!;
  if (length < HEADER_BYTES + MIN_BODY_BYTES || length > MAX_DATAGRAM_BYTES) return fail('malformed', `length field ${length} is outside ${HEADER_BYTES + MIN_BODY_BYTES}–${MAX_DATAGRAM_BYTES}`);
  if (length > buf.length) return fail('truncated', `length field says ${length} bytes, ${buf.length} arrived`);
  if (length < buf.length) return fail('malformed', `${buf.length - length} bytes after the ${length} the length field announces`);
  if (key.length < MIN_KEY_BYTES) return fail('bad-mac', `cluster key is ${key.length} bytes; at least ${MIN_KEY_BYTES} are needed`);
  if (!timingSafeEqual(mac(key, buf), buf.subarray(MAC_OFFSET, MAC_OFFSET + MAC_BYTES))) return fail('bad-mac', 'HMAC does not match: another cluster key, or the datagram was altered');
  const kind = KINDS_BY_CODE.get(buf[5]!);
  if (kind === undefined) return fail('malformed', `kind code ${buf[5]!} is not a message kind`);
  let json: unknown;
  try {
    json = JSON.parse(UTF8.decode(buf.subarray(HEADER_BYTES)));
  } catch (error) {
    return fail('malformed', `${kind} body is not UTF-8 JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = BODY_SCHEMAS[kind].safeParse(json);
  if (!parsed.success) return fail('malformed', `${kind} body: ${issuesText(parsed.error)}`);
  const message = { kind, ...parsed.data } as Message;
  if (clusterId !== undefined && message.clusterId !== clusterId) return fail('wrong-cluster', `cluster "${message.clusterId}" from ${message.from}; this node is in "${clusterId}"`);
  return { ok: true, message };
}
