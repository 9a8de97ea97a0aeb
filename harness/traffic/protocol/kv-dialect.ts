/**
 * The wire dialects of the kv traffic: how a command is written and how the server's bytes are cut
 * into replies (protocol/replies.ts). Each reply's `text` is put in the model's words (`OK`, `NIL`,
 * `VALUE v`, an integer), or else shows what the server sent, so the workload checks both dialects
 * one way.
 */
import type { KvDialectName } from '../../scenario/types.js';
import { kvLine, type KvCommand } from './kv-commands.js';
import { MAX_REPLY_BYTES, lineReplies, type ReplyReader } from './replies.js';
import { RespReader, respCommand, type RespReply } from './resp.js';

/** How the kv traffic speaks to its server. */
export interface KvDialect {
  /** The command as written on the wire (latin1). */
  encode(c: KvCommand): string;
  /** A reader for a new connection's replies. */
  reader(): ReplyReader;
  /** The reply `text` a server that echoes its input gives to `c`. */
  echoed(c: KvCommand): string;
  /** What an echoed command means, for the error's detail. */
  echoNote: string;
}

/**
 * hatcp's line protocol, spoken by the kv app (service.app: kv): `SET k v\n` → `OK\n`,
 * `GET k\n` → `VALUE v\n` or `NIL\n`, `INCR k\n` → the integer, `DEL k\n` → `1` or `0`.
 */
export const LINE_DIALECT: KvDialect = {
  encode: (c) => `${kvLine(c)}\n`,
  reader: lineReplies,
  echoed: kvLine,
  echoNote: ' (the server echoed the command: it is not running the kv app; set service.app: kv)',
};

/**
 * RESP2, the Redis protocol, for a redis-server (behind service.app: exec): each command an array
 * of bulk strings, as redis-cli sends it; `+OK` reads as `OK`, `:n` as `n`, `$-1` as `NIL`, a bulk
 * string v as `VALUE v`; any other reply (an error `-ERR …`, another simple string, an array) reads
 * as its own bytes, which no model reply equals, so it is reported as corrupt, showing them.
 *
 * Redis keeps one store for all its connections, while the model is per connection (it starts
 * empty on each new one): the two agree for one connection to a server that started empty and
 * never reconnects, which is what this dialect is for. After a reconnect (reconnect: true) the
 * server still holds the first connection's keys, and the replies are reported as corrupt.
 */
export const RESP_DIALECT: KvDialect = {
  encode: (c) => respCommand(c.op === 'SET' ? [c.op, c.key, c.value] : [c.op, c.key]),
  reader: () => {
    const resp = new RespReader(MAX_REPLY_BYTES);
    return { push: (chunk) => resp.push(chunk).map((r) => (r.type === 'violation' ? { bad: r.detail } : { text: respText(r), bytes: r.raw.length })) };
  },
  echoed: (c) => RESP_DIALECT.encode(c).slice(0, -2),
  echoNote: ' (the server echoed the command: it is not a Redis server; run redis-server behind service.app: exec)',
};

/** The dialect of that name. */
export function kvDialect(name: KvDialectName): KvDialect {
  switch (name) {
    case 'line':
      return LINE_DIALECT;
    case 'resp':
      return RESP_DIALECT;
  }
}

/** A RESP reply in the model's words when it has a meaning there, else its bytes without the final `\r\n`. */
function respText(r: RespReply): string {
  switch (r.type) {
    case 'simple':
      if (r.text === 'OK') return 'OK';
      break;
    case 'integer':
      return r.text;
    case 'bulk':
      return r.value === null ? 'NIL' : `VALUE ${r.value}`;
    case 'error':
    case 'array':
      break;
  }
  return r.raw.slice(0, -2);
}
