/**
 * The kv traffic's commands and the client's model of the server's store. Written apart from the
 * agent's kv app on purpose: the generator checks the server against its own reading of the
 * protocol, not against the same code.
 */

/** One command of the kv protocol that the generator issues. */
export type KvCommand =
  | { op: 'INCR'; key: string }
  | { op: 'SET'; key: string; value: string }
  | { op: 'GET'; key: string }
  | { op: 'DEL'; key: string };

/** Keys k0…k7 take the SET/GET/DEL traffic. */
const KEYS = 8;
const key = (block: number): string => `k${((block % KEYS) + KEYS) % KEYS}`;

/**
 * Command number `seq`: in every ten, seven `INCR counter`, a `SET k<i> v<seq>` (i = the block of
 * ten), a `GET` of the key set in the previous block, a `DEL` of the one set two blocks before.
 * On a connection that has seen those blocks the GET finds a value and the DEL deletes one; on a
 * fresh connection (an empty store) they answer NIL and 0.
 */
export function kvCommand(seq: number): KvCommand {
  const block = Math.floor(seq / 10);
  switch (seq % 10) {
    case 3:
      return { op: 'SET', key: key(block), value: `v${seq}` };
    case 6:
      return { op: 'GET', key: key(block - 1) };
    case 9:
      return { op: 'DEL', key: key(block - 2) };
    default:
      return { op: 'INCR', key: 'counter' };
  }
}

/** The command as written on the wire, without its `\n`. */
export function kvLine(c: KvCommand): string {
  return c.op === 'SET' ? `SET ${c.key} ${c.value}` : `${c.op} ${c.key}`;
}

/**
 * What the server's store for one connection must hold, and so what it must answer. Covers the
 * commands the generator sends (its INCR keys never hold anything but integers).
 */
export class KvModel {
  private readonly store = new Map<string, string>();

  /** Applies `c` as the server will, and returns the reply line it must send (without `\n`). */
  apply(c: KvCommand): string {
    switch (c.op) {
      case 'SET':
        this.store.set(c.key, c.value);
        return 'OK';
      case 'GET': {
        const value = this.store.get(c.key);
        return value === undefined ? 'NIL' : `VALUE ${value}`;
      }
      case 'INCR': {
        const next = String(Number(this.store.get(c.key) ?? '0') + 1);
        this.store.set(c.key, next);
        return next;
      }
      case 'DEL':
        return this.store.delete(c.key) ? '1' : '0';
    }
  }
}
