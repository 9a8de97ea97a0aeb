import type { App } from '../app.js';
import { LineSplitter, type LineEvent } from './lines.js';

/**
 * The kv application: a small key-value store spoken as lines, one store per connection (a
 * session). Per connection because that is what the failover agent can rebuild: the standby
 * replays the connection's recorded client bytes into a fresh instance, which reaches exactly the
 * store the primary's copy had; state shared between connections could not be rebuilt that way.
 *
 * One command per line (`\n`; a trailing `\r` is dropped), one reply line per command:
 *   `SET key value` → `OK`         (the value is the rest of the line, spaces included)
 *   `GET key`       → `VALUE value` or `NIL`
 *   `INCR key`      → the new integer (a missing key counts as 0; a value that is not an integer
 *                     gives `ERR not an integer`)
 *   `DEL key`       → `1` (it existed) or `0`
 *   anything else   → `ERR unknown command` (command names are upper case; keys have no spaces)
 * A line longer than 64 KiB gets `ERR line too long` and is discarded. Bytes are kept as they
 * came (latin1), so GET returns exactly what SET stored.
 */
export function createKvApp(): App {
  const store = new Map<string, string>();
  const lines = new LineSplitter();
  const answer = (events: LineEvent[]): Buffer[] => {
    if (events.length === 0) return [];
    let out = '';
    for (const e of events) out += `${e.kind === 'too-long' ? 'ERR line too long' : kvReply(store, e.line.toString('latin1'))}\n`;
    return [Buffer.from(out, 'latin1')];
  };
  return {
    onData: (chunk) => answer(lines.push(chunk)),
    onEnd: () => answer(lines.end()),
  };
}

/** Runs one command line against `store` and returns its reply line (without `\n`). */
export function kvReply(store: Map<string, string>, line: string): string {
  const space = line.indexOf(' ');
  const command = space < 0 ? line : line.slice(0, space);
  const rest = space < 0 ? undefined : line.slice(space + 1);
  if (command === 'SET' && rest !== undefined) {
    const gap = rest.indexOf(' ');
    if (gap > 0) {
      store.set(rest.slice(0, gap), rest.slice(gap + 1));
      return 'OK';
    }
  }
  const key = rest !== undefined && rest !== '' && !rest.includes(' ') ? rest : undefined;
  if (key !== undefined) {
    switch (command) {
      case 'GET': {
        const value = store.get(key);
        return value === undefined ? 'NIL' : `VALUE ${value}`;
      }
      case 'INCR': {
        const value = store.get(key) ?? '0';
        if (!/^-?\d+$/.test(value)) return 'ERR not an integer';
        // BigInt: no precision lost past 2^53, whatever a client stored.
        const next = (BigInt(value) + 1n).toString();
        store.set(key, next);
        return next;
      }
      case 'DEL':
        return store.delete(key) ? '1' : '0';
    }
  }
  return 'ERR unknown command';
}
