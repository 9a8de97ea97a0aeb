/**
 * The cache transfer channel's frame: how the witness hands a failed node's connections to the
 * standby over one TCP connection (request → entries → ack, or request → refused), and how it
 * keeps a standby's mirror of them current beforehand (follow → entries, entries, … until either
 * side closes; each entries frame numbered by `seq` from 1).
 *
 *   offset   size  field
 *   0        4     magic, ASCII "HTC2"
 *   4        1     type, u8: 1 request, 2 entries, 3 ack, 4 refused, 5 follow
 *   5        4     body length n, u32 big-endian (a reader refuses more than its maximum up front)
 *   9        n     body (below)
 *   9 + n    16    salt: 16 random bytes, fresh for each frame
 *   25 + n   16    tag: GMAC (AES-256-GCM, no plaintext, zero IV) over bytes 0 … 8 + n, keyed by
 *                  HMAC-SHA256(cluster key, "hatcp frame key" ‖ salt)
 *
 * Each frame has a key of its own, used once, so the all-zero IV never repeats under a key, and no
 * count of frames per cluster key wears the key out. GMAC rather than an HMAC over the frame: a
 * follow carries every client byte at link speed, and AES-GCM with the CPU's AES and carry-less
 * multiply instructions takes about a third of HMAC-SHA256's time (0.37 s of the witness's CPU per
 * 256 MiB of bulk upload, and 0.27 s of the standby's, measured). The key's HMAC is over 31 bytes.
 *
 * Bodies are UTF-8 JSON objects, except entries: u32 big-endian length h, h bytes of JSON
 * `{nonce, entries}` where each entry's `clientBytes` is replaced by its length, then every entry's
 * client bytes back to back in entry order. The bytes travel raw (not base64) because a cache can
 * hold hundreds of MiB. Shapes are checked by hand (no zod: this runs on Node 18 in the
 * containers with built-ins only) and, like the ownership codec, strictly: unknown fields are refused.
 * Pure: no sockets, no clock.
 */
import { createCipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { CacheEntry, HeldStream } from '../witness/cache-entry.js';

export type { HeldStream };

/** Shorter cluster keys are refused, as by the ownership codec (not imported: it pulls in zod). */
export const MIN_KEY_BYTES = 16;
/** The first four bytes of every frame. */
export const MAGIC = Buffer.from('HTC2', 'ascii');
/** Magic, type and body length. */
export const HEADER_BYTES = 9;
/** The salt and the tag after the body. */
export const MAC_BYTES = 32;
const SALT_BYTES = 16;
const KEY_LABEL = Buffer.from('hatcp frame key', 'ascii');
const ZERO_IV = Buffer.alloc(12);
/** The largest body a FrameReader accepts unless told otherwise. */
export const DEFAULT_MAX_BODY_BYTES = 512 * 1024 * 1024;

/** The type codes of the header. */
export const TYPE_CODES = { request: 1, entries: 2, ack: 3, refused: 4, follow: 5 } as const;
export type FrameType = keyof typeof TYPE_CODES;
const TYPES_BY_CODE = new Map<number, FrameType>(Object.entries(TYPE_CODES).map(([type, code]) => [code, type as FrameType]));

/**
 * The standby asks for the entries of `lost`'s connections to `ips` (request), or to be kept
 * current on every connection to `ips` (follow; `lost` is then unused, the follower's own id).
 */
export interface TransferRequest {
  clusterId: string;
  from: string;
  bootId: string;
  /** 16 random bytes, lowercase hex; echoed by the answer and refused if seen again. */
  nonce: string;
  /** ms since the epoch on the standby's clock. */
  sentAt: number;
  lost: string;
  ips: string[];
  /** What the standby holds already: an entry's client bytes then start there (`clientBytesFrom`). */
  have?: HeldStream[];
}

/** The witness's answer, or one update of a follow. */
export interface EntriesBody {
  nonce: string;
  /** A follow's updates are numbered 1, 2, …: a gap or a repeat means the stream is not the witness's. */
  seq?: number;
  entries: CacheEntry[];
  /** In a follow: connections the standby's mirror must drop (the witness forgot them, or they are not followed). */
  gone?: string[];
}

/** The standby confirms what it received; `bytes` is the sum of the entries' clientBytes. */
export interface TransferAck {
  nonce: string;
  received: number;
  bytes: number;
}

/** The witness will not answer; `reason` says why. */
export interface Refusal {
  nonce?: string;
  reason: string;
}

/** One authenticated frame with its parsed body. */
export type TransferFrame =
  | { type: 'request'; body: TransferRequest }
  | { type: 'follow'; body: TransferRequest }
  | { type: 'entries'; body: EntriesBody }
  | { type: 'ack'; body: TransferAck }
  | { type: 'refused'; body: Refusal };

/** Why a FrameReader stopped. */
export type FrameFailureReason = 'bad-magic' | 'unknown-type' | 'too-large' | 'bad-mac' | 'malformed' | 'truncated';

export interface FrameFailure {
  ok: false;
  reason: FrameFailureReason;
  detail: string;
}

/** What one push made of the stream so far; a FrameReader never throws on input. */
export type ReadResult = { ok: true; frames: TransferFrame[] } | FrameFailure;

const fail = (reason: FrameFailureReason, detail: string): FrameFailure => ({ ok: false, reason, detail });

function checkKey(key: Buffer): void {
  if (key.length < MIN_KEY_BYTES) throw new RangeError(`cluster key is ${key.length} bytes; at least ${MIN_KEY_BYTES} are needed`);
}

/** The tag of `parts`, in order, under the frame key that `salt` makes of the cluster key. */
function tag(key: Buffer, salt: Uint8Array, parts: Uint8Array[]): Buffer {
  const gmac = createCipheriv('aes-256-gcm', createHmac('sha256', key).update(KEY_LABEL).update(salt).digest(), ZERO_IV);
  for (const part of parts) gmac.setAAD(part);
  gmac.final();
  return gmac.getAuthTag();
}

/** A fresh salt and the tag of `parts` under it: the frame's last MAC_BYTES. */
function mac(key: Buffer, ...parts: Uint8Array[]): Buffer {
  const salt = randomBytes(SALT_BYTES);
  return Buffer.concat([salt, tag(key, salt, parts)]);
}

/** Whether `trailer` (a frame's last MAC_BYTES) authenticates `parts`. */
function authentic(key: Buffer, trailer: Buffer, ...parts: Uint8Array[]): boolean {
  return timingSafeEqual(tag(key, trailer.subarray(0, SALT_BYTES), parts), trailer.subarray(SALT_BYTES));
}

/** Frames and authenticates a body of any type code; low level (encodeFrame validates, this does not). */
export function seal(typeCode: number, body: Uint8Array, key: Buffer): Buffer {
  const out = Buffer.allocUnsafe(HEADER_BYTES + body.length + MAC_BYTES);
  out.set(body, HEADER_BYTES);
  return sealInPlace(typeCode, out, key);
}

/** Magic, type code and body length at the start of `out`; refuses a length the u32 field cannot hold. */
function writeHeader(out: Buffer, typeCode: number, length: number): void {
  if (length > 0xffffffff) throw new RangeError(`body of ${length} bytes does not fit the u32 length field`);
  MAGIC.copy(out, 0);
  out.writeUInt8(typeCode, 4);
  out.writeUInt32BE(length, 5);
}

/** Writes the header and the salt and tag around a body already in place at HEADER_BYTES of `out` (sized for both). */
function sealInPlace(typeCode: number, out: Buffer, key: Buffer): Buffer {
  checkKey(key);
  const length = out.length - HEADER_BYTES - MAC_BYTES;
  writeHeader(out, typeCode, length);
  mac(key, out.subarray(0, HEADER_BYTES), out.subarray(HEADER_BYTES, HEADER_BYTES + length)).copy(out, HEADER_BYTES + length);
  return out;
}

/**
 * Serialises and authenticates a frame; throws if its body is invalid (the message names the field).
 * One buffer: for a frame that carries client bytes, encodeFrameParts spares the copy.
 */
export function encodeFrame(frame: TransferFrame, key: Buffer): Buffer {
  const parts = encodeFrameParts(frame, key);
  return parts.length === 1 ? Buffer.from(parts[0]!.buffer, parts[0]!.byteOffset, parts[0]!.length) : Buffer.concat(parts);
}

/**
 * The frame as parts to write in order (cork, write each, uncork: one writev). An entries frame's
 * client bytes and server tails are the entries' own arrays, not copies, and the tag is taken
 * over the parts: a follow carries the client's bytes at link speed, and copying each into the
 * frame cost the witness 0.4 s of CPU per 512 MiB of bulk upload. The entries must not change until
 * the parts are written (the tracker's arrays never change once made).
 */
export function encodeFrameParts(frame: TransferFrame, key: Buffer): Uint8Array[] {
  const typeCode = TYPE_CODES[frame.type];
  if (frame.type !== 'entries') return [sealInPlace(typeCode, encodeBody(frame), key)];
  checkKey(key);
  const { json, carried } = entriesHeader(frame);
  const head = Buffer.allocUnsafe(HEADER_BYTES + 4 + json.length);
  writeHeader(head, typeCode, 4 + json.length + carried.reduce((n, b) => n + b.length, 0));
  head.writeUInt32BE(json.length, HEADER_BYTES);
  json.copy(head, HEADER_BYTES + 4);
  const parts = [head, ...carried.filter((b) => b.length > 0)];
  return [...parts, mac(key, ...parts)];
}

/** `text` in UTF-8 at HEADER_BYTES of a buffer with room for the header, salt and tag around it. */
function framed(text: string): Buffer {
  const length = Buffer.byteLength(text, 'utf8');
  const out = Buffer.allocUnsafe(HEADER_BYTES + length + MAC_BYTES);
  out.write(text, HEADER_BYTES, 'utf8');
  return out;
}

/** A frame's JSON body, in place in a buffer sized for the whole frame (see framed); entries go by encodeFrameParts. */
function encodeBody(frame: Exclude<TransferFrame, { type: 'entries' }>): Buffer {
  switch (frame.type) {
    case 'request':
    case 'follow':
      return framed(JSON.stringify(checked(frame.type, parseRequest, frame.body)));
    case 'ack':
      return framed(JSON.stringify(checked(frame.type, parseAck, frame.body)));
    case 'refused':
      return framed(JSON.stringify(checked(frame.type, parseRefusal, frame.body)));
  }
}

/** `value` through `parse`; a shape it refuses throws a TypeError naming the frame type and the field. */
function checked<T>(type: FrameType, parse: (v: unknown) => T, value: unknown): T {
  try {
    return parse(value);
  } catch (error) {
    if (error instanceof ShapeError) throw new TypeError(`${type} body is invalid: ${error.message}`);
    throw error;
  }
}

/** An entries body's JSON header (checked), and the binary arrays that follow it, in order. */
function entriesHeader(frame: Extract<TransferFrame, { type: 'entries' }>): { json: Buffer; carried: Uint8Array[] } {
  const { nonce, seq, entries, gone } = frame.body;
  const header = {
    nonce,
    ...(seq !== undefined ? { seq } : {}),
    ...(gone !== undefined ? { gone } : {}),
    entries: entries.map(({ serverTail, ...e }): EntryHeader => ({ ...e, clientBytes: e.clientBytes.length, ...(serverTail ? { serverTail: { offset: serverTail.offset, bytes: serverTail.bytes.length } } : {}) })),
  };
  checked(frame.type, parseEntriesHeader, header);
  return { json: Buffer.from(JSON.stringify(header), 'utf8'), carried: entries.flatMap((e) => (e.serverTail ? [e.clientBytes, e.serverTail.bytes] : [e.clientBytes])) };
}

/**
 * Cuts a byte stream into authenticated, parsed frames. Feed it chunks of any size; it checks the
 * magic, type and declared length as soon as they arrive (so an oversize frame is refused before
 * its body is buffered), keeps a body's chunks in a list and joins them once when it is complete.
 * Frames completed before a failure in the same chunk are returned first; the failure is returned
 * by the next push or end(), and by every push after it.
 */
export class FrameReader {
  #chunks: Buffer[] = [];
  #buffered = 0;
  #header: { type: FrameType; length: number } | undefined;
  #failure: FrameFailure | undefined;

  constructor(private readonly key: Buffer, private readonly maxBodyBytes = DEFAULT_MAX_BODY_BYTES) {
    checkKey(key);
  }

  /** Bytes received but not yet part of a returned frame. */
  get pending(): number {
    return this.#buffered;
  }

  /** Adds a chunk; returns the frames it completed, or why the stream is unusable. */
  push(chunk: Uint8Array): ReadResult {
    if (this.#failure) return this.#failure;
    if (chunk.length > 0) {
      this.#chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
      this.#buffered += chunk.length;
    }
    const frames: TransferFrame[] = [];
    for (;;) {
      if (!this.#header) {
        const failure = this.#readHeader();
        if (failure) return this.#fail(failure, frames);
        if (!this.#header) break;
      }
      const { type, length } = this.#header;
      const total = HEADER_BYTES + length + MAC_BYTES;
      if (this.#buffered < total) break;
      const all = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks, this.#buffered);
      const body = all.subarray(HEADER_BYTES, HEADER_BYTES + length);
      if (!authentic(this.key, all.subarray(HEADER_BYTES + length, total), all.subarray(0, HEADER_BYTES), body)) {
        return this.#fail(fail('bad-mac', `${type} frame: its tag does not match: another cluster key, or the frame was altered`), frames);
      }
      const parsed = decodeBody(type, body);
      if (!parsed.ok) return this.#fail(parsed, frames);
      frames.push(parsed.frame);
      const rest = all.subarray(total);
      this.#chunks = rest.length > 0 ? [rest] : [];
      this.#buffered = rest.length;
      this.#header = undefined;
    }
    return { ok: true, frames };
  }

  /** Call when the stream ended: a failure if it stopped inside a frame. */
  end(): FrameFailure | undefined {
    if (this.#failure) return this.#failure;
    if (this.#buffered === 0) return undefined;
    const h = this.#header;
    const what = h ? `${/^[aeiou]/.test(h.type) ? 'an' : 'a'} ${h.type} frame of ${HEADER_BYTES + h.length + MAC_BYTES} bytes` : `a ${HEADER_BYTES}-byte frame header`;
    return (this.#failure = fail('truncated', `stream ended ${this.#buffered} bytes into ${what}`));
  }

  /** Frames completed before the failure are still returned; the failure then comes next time. */
  #fail(failure: FrameFailure, frames: TransferFrame[]): ReadResult {
    this.#failure = failure;
    return frames.length > 0 ? { ok: true, frames } : failure;
  }

  #readHeader(): FrameFailure | undefined {
    const head = this.#peek(Math.min(this.#buffered, HEADER_BYTES));
    const magic = head.subarray(0, MAGIC.length);
    if (!magic.equals(MAGIC.subarray(0, magic.length))) return fail('bad-magic', `stream starts with 0x${magic.toString('hex')}, not "HTC2"`);
    if (head.length < HEADER_BYTES) return undefined;
    const type = TYPES_BY_CODE.get(head[4]!);
    if (type === undefined) return fail('unknown-type', `type code ${head[4]!} is not a frame type (1 request, 2 entries, 3 ack, 4 refused, 5 follow)`);
    const length = head.readUInt32BE(5);
    if (length > this.maxBodyBytes) return fail('too-large', `${type} frame declares a ${length}-byte body; the limit is ${this.maxBodyBytes}`);
    this.#header = { type, length };
    return undefined;
  }

  /** The first `n` buffered bytes, copied out of at most a few chunks. */
  #peek(n: number): Buffer {
    const first = this.#chunks[0];
    if (first && first.length >= n) return first.subarray(0, n);
    const out = Buffer.allocUnsafe(n);
    let at = 0;
    for (const chunk of this.#chunks) {
      if (at >= n) break;
      at += chunk.copy(out, at, 0, Math.min(chunk.length, n - at));
    }
    return out;
  }
}

type BodyResult = { ok: true; frame: TransferFrame } | FrameFailure;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Parses an authenticated body of a known type; never throws. */
export function decodeBody(type: FrameType, body: Buffer): BodyResult {
  try {
    switch (type) {
      case 'request':
      case 'follow':
        return { ok: true, frame: { type, body: parseRequest(json(body)) } };
      case 'ack':
        return { ok: true, frame: { type, body: parseAck(json(body)) } };
      case 'refused':
        return { ok: true, frame: { type, body: parseRefusal(json(body)) } };
      case 'entries':
        return { ok: true, frame: { type, body: decodeEntries(body) } };
    }
  } catch (error) {
    if (error instanceof ShapeError) return fail('malformed', `${type} body: ${error.message}`);
    return fail('malformed', `${type} body: decoder error: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function decodeEntries(body: Buffer): EntriesBody {
  if (body.length < 4) throw new ShapeError(`${body.length} bytes, shorter than the 4-byte header length`);
  const headerLength = body.readUInt32BE(0);
  if (4 + headerLength > body.length) throw new ShapeError(`header length ${headerLength} exceeds the ${body.length - 4} bytes that follow it`);
  const header = parseEntriesHeader(json(body.subarray(4, 4 + headerLength)));
  const declared = header.entries.reduce((sum, e) => sum + carriedBytes(e), 0);
  const carried = body.length - 4 - headerLength;
  if (declared !== carried) throw new ShapeError(`entries declare ${declared} bytes (client bytes and server tails) but ${carried} follow the header`);
  let at = 4 + headerLength;
  const entries = header.entries.map((e): CacheEntry => {
    // A view, not a copy: the entries' bytes are nearly all of the frame, so copying would only
    // double the peak memory of a large transfer.
    const clientBytes = new Uint8Array(body.buffer, body.byteOffset + at, e.clientBytes);
    at += e.clientBytes;
    const { serverTail, ...rest } = e;
    if (!serverTail) return { ...rest, clientBytes };
    const tail = new Uint8Array(body.buffer, body.byteOffset + at, serverTail.bytes);
    at += serverTail.bytes;
    return { ...rest, clientBytes, serverTail: { offset: serverTail.offset, bytes: tail } };
  });
  return { nonce: header.nonce, ...(header.seq !== undefined ? { seq: header.seq } : {}), ...(header.gone !== undefined ? { gone: header.gone } : {}), entries };
}

function json(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new ShapeError('not UTF-8');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ShapeError(`not JSON: ${(error as Error).message}`);
  }
}

// ---- hand-written shape checks; each names the path of the field it refuses ----

class ShapeError extends Error {}

type Fields = Record<string, unknown>;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const BOOT_ID = /^[0-9a-f]{16}$/;
const NONCE = /^[0-9a-f]{32}$/;
const PHASES = ['handshake', 'established', 'closing', 'closed', 'reset'] as const;
const MAX_IPS = 256;
/** Connections a request may say it holds already. */
export const MAX_HAVE = 4096;
const MAX_KEY_CHARS = 128;
const MAX_REASON = 1024;
const U32 = 0xffffffff;

const show = (v: unknown): string => {
  const text = JSON.stringify(v);
  if (text === undefined) return String(v);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};

function object(v: unknown, path: string, allowed: readonly string[]): Fields {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ShapeError(`${path}: expected an object, got ${show(v)}`);
  for (const key of Object.keys(v)) if (!allowed.includes(key)) throw new ShapeError(`${path}.${key}: unknown field`);
  return v as Fields;
}

const at = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

function string(o: Fields, path: string, key: string, pattern?: RegExp, what?: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new ShapeError(`${at(path, key)}: expected a string, got ${show(v)}`);
  if (pattern && !pattern.test(v)) throw new ShapeError(`${at(path, key)}: expected ${what ?? pattern.source}, got ${show(v)}`);
  return v;
}

function int(o: Fields, path: string, key: string, max = Number.MAX_SAFE_INTEGER): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) throw new ShapeError(`${at(path, key)}: expected an integer 0–${max}, got ${show(v)}`);
  return v;
}

function bool(o: Fields, path: string, key: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new ShapeError(`${at(path, key)}: expected true or false, got ${show(v)}`);
  return v;
}

function ip(o: Fields, path: string, key: string): string {
  const v = string(o, path, key);
  if (isIP(v) === 0) throw new ShapeError(`${at(path, key)}: expected an IP address, got ${show(v)}`);
  return v;
}

/** Copies `o[key]` through `parse` when present (undefined counts as absent, as in JSON). */
function optional<T>(o: Fields, key: string, parse: () => T): { [k: string]: T } {
  return o[key] === undefined ? {} : { [key]: parse() };
}

/** `o[key]` as an array of at most `max` items (`noun` counts them in the message); undefined when absent and `optional`. */
function list(o: Fields, key: string, max: number, noun: string, optional = false): unknown[] | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (!Array.isArray(v)) throw new ShapeError(`${key}: expected an array, got ${show(v)}`);
  if (v.length > max) throw new ShapeError(`${key}: ${v.length} ${noun}; at most ${max}`);
  return v;
}

function parseRequest(v: unknown): TransferRequest {
  const o = object(v, '(body)', ['clusterId', 'from', 'bootId', 'nonce', 'sentAt', 'lost', 'ips', 'have']);
  const ips = list(o, 'ips', MAX_IPS, 'addresses')!;
  const have = list(o, 'have', MAX_HAVE, 'connections', true);
  return {
    clusterId: string(o, '', 'clusterId', NAME, 'a name of 1–64 letters, digits, "_", ".", "-"'),
    from: string(o, '', 'from', NAME, 'a node id of 1–64 letters, digits, "_", ".", "-"'),
    bootId: string(o, '', 'bootId', BOOT_ID, '16 lowercase hex digits'),
    nonce: string(o, '', 'nonce', NONCE, '32 lowercase hex digits'),
    sentAt: int(o, '', 'sentAt'),
    lost: string(o, '', 'lost', NAME, 'a node id of 1–64 letters, digits, "_", ".", "-"'),
    ips: ips.map((addr: unknown, i) => {
      if (typeof addr !== 'string' || isIP(addr) === 0) throw new ShapeError(`ips[${i}]: expected an IP address, got ${show(addr)}`);
      return addr;
    }),
    ...(have ? { have: have.map((h: unknown, i) => heldStream(h, `have[${i}]`)) } : {}),
  };
}

function heldStream(v: unknown, path: string): HeldStream {
  const o = object(v, path, ['key', 'isn', 'bytes']);
  return { key: connectionKey(o['key'], `${path}.key`), isn: int(o, path, 'isn', U32), bytes: int(o, path, 'bytes') };
}

function connectionKey(v: unknown, path: string): string {
  if (typeof v !== 'string') throw new ShapeError(`${path}: expected a connection key, got ${show(v)}`);
  if (v.length > MAX_KEY_CHARS) throw new ShapeError(`${path}: ${v.length} characters; at most ${MAX_KEY_CHARS}`);
  return v;
}

function parseAck(v: unknown): TransferAck {
  const o = object(v, '(body)', ['nonce', 'received', 'bytes']);
  return { nonce: string(o, '', 'nonce', NONCE, '32 lowercase hex digits'), received: int(o, '', 'received'), bytes: int(o, '', 'bytes') };
}

function parseRefusal(v: unknown): Refusal {
  const o = object(v, '(body)', ['nonce', 'reason']);
  const reason = string(o, '', 'reason');
  if (reason.length > MAX_REASON) throw new ShapeError(`reason: ${reason.length} characters; at most ${MAX_REASON}`);
  return { ...optional(o, 'nonce', () => string(o, '', 'nonce', NONCE, '32 lowercase hex digits')), reason };
}

type EntryHeader = Omit<CacheEntry, 'clientBytes' | 'serverTail'> & { clientBytes: number; serverTail?: { offset: number; bytes: number } };

/** The binary bytes an entry carries after the header: its client bytes, then its server tail. */
const carriedBytes = (e: EntryHeader): number => e.clientBytes + (e.serverTail?.bytes ?? 0);

function parseEntriesHeader(v: unknown): { nonce: string; seq?: number; gone?: string[]; entries: EntryHeader[] } {
  const o = object(v, '(header)', ['nonce', 'seq', 'gone', 'entries']);
  const gone = list(o, 'gone', MAX_HAVE, 'connections', true);
  const entries = list(o, 'entries', Number.MAX_SAFE_INTEGER, 'entries')!;
  return {
    nonce: string(o, '', 'nonce', NONCE, '32 lowercase hex digits'),
    ...optional(o, 'seq', () => int(o, '', 'seq')),
    ...(gone ? { gone: gone.map((k: unknown, i) => connectionKey(k, `gone[${i}]`)) } : {}),
    entries: entries.map((e: unknown, i) => parseEntryHeader(e, `entries[${i}]`)),
  };
}

const ENTRY_FIELDS = ['key', 'client', 'server', 'phase', 'clientIsn', 'serverIsn', 'clientOptions', 'serverOptions', 'clientLatest', 'serverLatest', 'clientBytes', 'clientBytesFrom', 'finFromClient', 'finFromServer', 'synRetransmitted', 'serverTail', 'unrecoverable', 'unprotected'];

function parseEntryHeader(v: unknown, path: string): EntryHeader {
  const o = object(v, path, ENTRY_FIELDS);
  const phase = string(o, path, 'phase');
  if (!(PHASES as readonly string[]).includes(phase)) throw new ShapeError(`${path}.phase: expected one of ${PHASES.join(', ')}, got ${show(phase)}`);
  return {
    key: string(o, path, 'key'),
    client: endpoint(o['client'], `${path}.client`),
    server: endpoint(o['server'], `${path}.server`),
    phase: phase as EntryHeader['phase'],
    ...optional(o, 'clientIsn', () => int(o, path, 'clientIsn', U32)),
    ...optional(o, 'serverIsn', () => int(o, path, 'serverIsn', U32)),
    ...optional(o, 'clientOptions', () => tcpOptions(o['clientOptions'], `${path}.clientOptions`)),
    ...optional(o, 'serverOptions', () => tcpOptions(o['serverOptions'], `${path}.serverOptions`)),
    ...optional(o, 'clientLatest', () => sideLatest(o['clientLatest'], `${path}.clientLatest`)),
    ...optional(o, 'serverLatest', () => sideLatest(o['serverLatest'], `${path}.serverLatest`)),
    clientBytes: int(o, path, 'clientBytes', U32),
    ...optional(o, 'clientBytesFrom', () => int(o, path, 'clientBytesFrom')),
    finFromClient: bool(o, path, 'finFromClient'),
    finFromServer: bool(o, path, 'finFromServer'),
    ...optional(o, 'synRetransmitted', () => bool(o, path, 'synRetransmitted')),
    ...optional(o, 'serverTail', () => {
      const t = object(o['serverTail'], `${path}.serverTail`, ['offset', 'bytes']);
      return { offset: int(t, `${path}.serverTail`, 'offset'), bytes: int(t, `${path}.serverTail`, 'bytes', U32) };
    }),
    ...optional(o, 'unrecoverable', () => string(o, path, 'unrecoverable')),
    ...optional(o, 'unprotected', () => string(o, path, 'unprotected')),
  };
}

function endpoint(v: unknown, path: string): CacheEntry['client'] {
  const o = object(v, path, ['ip', 'port']);
  return { ip: ip(o, path, 'ip'), port: int(o, path, 'port', 65535) };
}

function tcpOptions(v: unknown, path: string): NonNullable<CacheEntry['clientOptions']> {
  const o = object(v, path, ['mss', 'wscale', 'sackPermitted', 'ts']);
  return {
    ...optional(o, 'mss', () => int(o, path, 'mss', 65535)),
    ...optional(o, 'wscale', () => int(o, path, 'wscale', 255)),
    ...optional(o, 'sackPermitted', () => bool(o, path, 'sackPermitted')),
    ...optional(o, 'ts', () => {
      const ts = object(o['ts'], `${path}.ts`, ['val', 'ecr']);
      return { val: int(ts, `${path}.ts`, 'val', U32), ecr: int(ts, `${path}.ts`, 'ecr', U32) };
    }),
  };
}

function sideLatest(v: unknown, path: string): NonNullable<CacheEntry['clientLatest']> {
  const o = object(v, path, ['t', 'seq', 'ack', 'window', 'tsVal']);
  const t = o['t'];
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) throw new ShapeError(`${path}.t: expected a capture time in ms, got ${show(t)}`);
  return {
    t,
    seq: int(o, path, 'seq', U32),
    ack: int(o, path, 'ack', U32),
    window: int(o, path, 'window', U32),
    ...optional(o, 'tsVal', () => int(o, path, 'tsVal', U32)),
  };
}
