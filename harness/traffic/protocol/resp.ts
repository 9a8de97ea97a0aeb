/**
 * RESP2, the Redis protocol, as a client speaks it: commands out as arrays of bulk strings, replies
 * read incrementally. Written by hand: it is the generator's own reading of the protocol.
 */

/** A command as redis-cli writes it: `*<n>\r\n` then `$<len>\r\n<arg>\r\n` per argument (latin1). */
export function respCommand(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${a.length}\r\n${a}\r\n`).join('')}`;
}

/**
 * One whole reply; `raw` is every byte of it as received (latin1), its final `\r\n` included.
 * Arrays keep only `raw`: no command the generator sends is answered with one.
 */
export type RespReply =
  | { type: 'simple' | 'error' | 'integer'; text: string; raw: string }
  | { type: 'bulk'; value: string | null; raw: string }
  | { type: 'array'; raw: string };

/** A reply, or bytes that break the protocol (`detail` says how, as the object of "answered …"). */
export type RespRead = RespReply | { type: 'violation'; detail: string };

type Element = { type: 'simple' | 'error' | 'integer'; text: string } | { type: 'bulk'; value: string | null } | { type: 'array' };

const TYPE: Record<string, 'simple' | 'error' | 'integer' | 'bulk' | 'array'> = { '+': 'simple', '-': 'error', ':': 'integer', $: 'bulk', '*': 'array' };

/**
 * Splits a server's byte stream into RESP2 replies, however it is cut into chunks. A violation is
 * reported once, then the reader drops bytes up to the next `\n` and reads on from there (as the
 * line protocol drops an over-long line), so one bad reply does not hide all the later ones.
 */
export class RespReader {
  /** The bytes of the reply being read, from its first. */
  private raw = '';
  /** Where the value being read (a header or one-line value, or a bulk string's payload) starts in `raw`. */
  private valueAt = 0;
  /** Reading a bulk string's payload: the length `raw` has once it and its `\r\n` are in; -1 otherwise. */
  private bulkEnd = -1;
  /** Elements still to come of each array being read, innermost last. */
  private readonly open: number[] = [];
  /** After a violation: dropping bytes up to the next `\n`. */
  private discarding = false;

  /** `maxReplyBytes`: a longer reply is reported as a violation (it cannot answer these commands). */
  constructor(private readonly maxReplyBytes: number) {}

  /** The replies (and violations) that `chunk` completes, in order. */
  push(chunk: Buffer): RespRead[] {
    const text = chunk.toString('latin1');
    const out: RespRead[] = [];
    let i = 0;
    while (i < text.length) {
      if (this.discarding) {
        const nl = text.indexOf('\n', i);
        if (nl < 0) break;
        this.discarding = false;
        i = nl + 1;
      } else if (this.bulkEnd >= 0) {
        const take = Math.min(text.length - i, this.bulkEnd - this.raw.length);
        this.raw += text.slice(i, i + take);
        i += take;
        if (this.raw.length === this.bulkEnd) this.endBulk(out);
      } else if (this.raw.length === this.valueAt && TYPE[text[i]!] === undefined) {
        out.push(this.violation(`a byte ${JSON.stringify(text[i])} that starts no RESP reply (not +, -, :, $ or *)`, true));
      } else {
        const nl = text.indexOf('\n', i);
        const end = nl < 0 ? text.length : nl + 1;
        this.raw += text.slice(i, end);
        i = end;
        if (this.raw.length > this.maxReplyBytes) out.push(this.violation(`a reply of more than ${this.maxReplyBytes} bytes`, nl < 0));
        else if (nl >= 0) this.endLine(out);
      }
    }
    return out;
  }

  /** A whole line is in `raw` from `valueAt`: a header or a one-line value. */
  private endLine(out: RespRead[]): void {
    const line = this.raw.slice(this.valueAt);
    if (!line.endsWith('\r\n')) {
      out.push(this.violation(`a line ${JSON.stringify(line)} that ends without \\r\\n`, false));
      return;
    }
    const body = line.slice(1, -2);
    const type = TYPE[line[0]!]!;
    switch (type) {
      case 'simple':
      case 'error':
        this.element({ type, text: body }, out);
        return;
      case 'integer':
        if (/^-?\d+$/.test(body)) this.element({ type, text: body }, out);
        else out.push(this.violation(`an integer reply ${JSON.stringify(line.slice(0, -2))} that is not a number`, false));
        return;
      case 'bulk':
      case 'array': {
        if (!/^(?:-1|\d+)$/.test(body)) {
          out.push(this.violation(`${type === 'bulk' ? 'a bulk string' : 'an array'} length ${JSON.stringify(line.slice(0, -2))} that is not -1 or more`, false));
          return;
        }
        const n = Number(body);
        if (type === 'array') {
          if (n > 0) {
            this.open.push(n);
            this.valueAt = this.raw.length;
          } else this.element({ type }, out);
        } else if (n < 0) this.element({ type, value: null }, out);
        else if (this.raw.length + n + 2 > this.maxReplyBytes) out.push(this.violation(`a bulk string of ${n} bytes, in a reply of more than ${this.maxReplyBytes} bytes`, true));
        else {
          this.valueAt = this.raw.length;
          this.bulkEnd = this.valueAt + n + 2;
        }
        return;
      }
    }
  }

  /** A bulk string's payload and the two bytes after it are in `raw`. */
  private endBulk(out: RespRead[]): void {
    const tail = this.raw.slice(-2);
    const value = this.raw.slice(this.valueAt, -2);
    this.bulkEnd = -1;
    if (tail === '\r\n') this.element({ type: 'bulk', value }, out);
    else out.push(this.violation(`a bulk string of ${value.length} bytes followed by ${JSON.stringify(tail)} instead of \\r\\n`, !tail.endsWith('\n')));
  }

  /** A value is complete: the reply, or one element of the arrays being read (the reply once the outermost is whole). */
  private element(value: Element, out: RespRead[]): void {
    let reply = value;
    if (this.open.length > 0) {
      let left = this.open.pop()! - 1;
      while (left === 0 && this.open.length > 0) left = this.open.pop()! - 1;
      if (left > 0) {
        this.open.push(left);
        this.valueAt = this.raw.length;
        return;
      }
      reply = { type: 'array' };
    }
    out.push({ ...reply, raw: this.raw });
    this.raw = '';
    this.valueAt = 0;
  }

  /** Drops the reply being read; with `toNewline`, also the bytes up to the next `\n`. */
  private violation(detail: string, toNewline: boolean): RespRead {
    this.raw = '';
    this.valueAt = 0;
    this.bulkEnd = -1;
    this.open.length = 0;
    this.discarding = toNewline;
    return { type: 'violation', detail };
  }
}
