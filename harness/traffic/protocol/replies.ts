/**
 * Replies of the request/reply traffic kinds (kv, lines): one connection's bytes cut into replies,
 * one per request, in order; and how a reply is shown in an error's detail.
 */

/** A reply longer than this is not a reply of these kinds: it is reported and dropped. */
export const MAX_REPLY_BYTES = 4096;

/**
 * One reply: `text` as the traffic kind reads it (for kv, in the model's words whatever the
 * dialect), `bytes` its size on the wire. Or bytes that are no reply: `bad` says why, as the
 * object of "answered …".
 */
export type Reply = { text: string; bytes: number } | { bad: string };

/** Cuts one connection's reply bytes into replies, however they arrive. */
export interface ReplyReader {
  /** The replies `chunk` completes, in order. */
  push(chunk: Buffer): Reply[];
}

/** A reader of reply lines ended by `\n` (the `\n` is not part of `text`). */
export function lineReplies(): ReplyReader {
  return new LineReplies();
}

/** A reply as a user reads it: plain when it is short printable text, else quoted. */
export function showReply(r: Reply): string {
  if (!('text' in r)) return r.bad;
  const reply = r.text;
  if (reply === '') return 'an empty line';
  if (reply.length <= 80 && /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(reply)) return reply;
  return JSON.stringify(reply.length <= 80 ? reply : `${reply.slice(0, 77)}...`);
}

/** Reply lines ended by `\n`; a line longer than MAX_REPLY_BYTES is reported once and dropped up to its `\n`. */
class LineReplies implements ReplyReader {
  /** Bytes of a reply line not complete yet (latin1). */
  private partial = '';
  /** Inside a reply line that was too long: dropping bytes up to its `\n`. */
  private discarding = false;

  push(chunk: Buffer): Reply[] {
    const out: Reply[] = [];
    const text = chunk.toString('latin1');
    let start = 0;
    while (start < text.length) {
      const nl = text.indexOf('\n', start);
      const end = nl < 0 ? text.length : nl;
      if (!this.discarding) {
        this.partial += text.slice(start, end);
        if (this.partial.length > MAX_REPLY_BYTES) {
          out.push({ bad: `more than ${MAX_REPLY_BYTES} bytes without a newline` });
          this.partial = '';
          this.discarding = true;
        }
      }
      if (nl < 0) break;
      if (this.discarding) this.discarding = false;
      else {
        out.push({ text: this.partial, bytes: this.partial.length + 1 });
        this.partial = '';
      }
      start = nl + 1;
    }
    return out;
  }
}
