/**
 * A tiny Redis for the tests: SET, GET, INCR, DEL over RESP2, one store for all connections (as
 * Redis keeps). Written apart from the generator's RESP code on purpose, so the tests check the
 * generator against another reading of the protocol. Not a general server: it trusts its input.
 */
import { createServer, type Server } from 'node:net';

/** One Redis store; `session()` reads one connection's commands and returns the replies they complete. */
export function tinyRedis(): { store: Map<string, string>; session: () => (chunk: Buffer) => Buffer; answered: () => number } {
  const store = new Map<string, string>();
  let answered = 0;
  const run = ([name, key = '', value = '']: string[]): string => {
    answered++;
    switch (name) {
      case 'SET':
        store.set(key, value);
        return '+OK\r\n';
      case 'GET': {
        const v = store.get(key);
        return v === undefined ? '$-1\r\n' : `$${v.length}\r\n${v}\r\n`;
      }
      case 'INCR': {
        const n = Number(store.get(key) ?? '0') + 1;
        store.set(key, String(n));
        return `:${n}\r\n`;
      }
      case 'DEL':
        return `:${store.delete(key) ? 1 : 0}\r\n`;
      default:
        return `-ERR unknown command '${name}'\r\n`;
    }
  };
  const session = () => {
    let pending = '';
    return (chunk: Buffer): Buffer => {
      pending += chunk.toString('latin1');
      let out = '';
      for (let c = command(pending); c; c = command(pending)) {
        out += run(c.args);
        pending = pending.slice(c.used);
      }
      return Buffer.from(out, 'latin1');
    };
  };
  return { store, session, answered: () => answered };
}

/** The first whole command in `s` (an array of bulk strings) and how many bytes it took; undefined until it is whole. */
function command(s: string): { args: string[]; used: number } | undefined {
  const head = /^\*(\d+)\r\n/.exec(s);
  if (!head) return undefined;
  let at = head[0].length;
  const args: string[] = [];
  for (let i = 0; i < Number(head[1]); i++) {
    const len = /^\$(\d+)\r\n/.exec(s.slice(at));
    if (!len) return undefined;
    at += len[0].length;
    const n = Number(len[1]);
    if (s.length < at + n + 2) return undefined;
    args.push(s.slice(at, at + n));
    at += n + 2;
  }
  return { args, used: at };
}

/** The tiny Redis on 127.0.0.1 (a port the OS picks), in this process; `answered` counts the commands it answered. */
export async function listenTinyRedis(): Promise<{ port: number; server: Server; answered: () => number }> {
  const redis = tinyRedis();
  const server = createServer((socket) => {
    const session = redis.session();
    socket.on('data', (chunk: Buffer) => socket.write(session(chunk)));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the tiny Redis has no TCP port');
  return { port: address.port, server, answered: redis.answered };
}
