import { KvModel, kvCommand, kvLine, type KvCommand } from '../protocol/kv-commands.js';
import type { Pacer } from '../pacing/pacer.js';
import type { Recorder } from './recorder.js';
import { lostOf, type Lost, type Workload, type Writer } from './workload.js';

/** A reply line longer than this (no `\n` yet) is not a kv reply: it is reported and dropped. */
export const MAX_REPLY_BYTES = 4096;

interface Link {
  conn: number;
  writer: Writer;
  /** The server's store for this connection, as it must be after every command written so far. */
  model: KvModel;
  /** Bytes of a reply line not complete yet (latin1). */
  partial: string;
  /** Inside a reply line that was too long: dropping bytes up to its `\n`. */
  discarding: boolean;
}

interface Pending {
  sentAt: number;
  command: KvCommand;
  line: string;
  expected: string;
}

/**
 * kv traffic against the kv app: a deterministic command per sequence number (protocol/kv-commands.ts),
 * paced like a stream, each reply line checked against a model of the connection's store. Replies
 * come back in order, one line per command. A new connection starts a fresh, empty model, as the
 * server starts a fresh store; the sequence numbers continue.
 */
export class KvWorkload implements Workload {
  private nextSeq = 0;
  private link: Link | undefined;
  /** seq → what was written, for the current connection's commands not yet answered, oldest first. */
  private readonly pending = new Map<number, Pending>();
  private lastProgress = 0;

  constructor(
    private readonly pacer: Pacer,
    private readonly rec: Recorder,
  ) {}

  attach(conn: number, writer: Writer, now: number): void {
    this.link = { conn, writer, model: new KvModel(), partial: '', discarding: false };
    this.pacer.restart(now);
    this.lastProgress = now;
  }

  pump(now: number): void {
    const link = this.link;
    if (!link) return;
    const n = this.pacer.due(now, this.pending.size);
    if (n <= 0) return;
    if (this.pending.size === 0) this.lastProgress = now;
    let text = '';
    for (let i = 0; i < n; i++) {
      const seq = this.nextSeq++;
      const command = kvCommand(seq);
      const line = kvLine(command);
      this.pending.set(seq, { sentAt: now, command, line, expected: link.model.apply(command) });
      this.rec.sent(link.conn, seq, line.length + 1, now);
      text += `${line}\n`;
    }
    this.pacer.sent(n, now);
    link.writer.write(Buffer.from(text, 'latin1'));
  }

  onData(chunk: Buffer, now: number): void {
    const link = this.link;
    if (!link) return;
    const text = chunk.toString('latin1');
    let start = 0;
    while (start < text.length) {
      const nl = text.indexOf('\n', start);
      const end = nl < 0 ? text.length : nl;
      if (!link.discarding) {
        link.partial += text.slice(start, end);
        if (link.partial.length > MAX_REPLY_BYTES) {
          this.answer(link, undefined, now);
          link.partial = '';
          link.discarding = true;
        }
      }
      if (nl < 0) break;
      if (link.discarding) link.discarding = false;
      else {
        this.answer(link, link.partial, now);
        link.partial = '';
      }
      start = nl + 1;
    }
  }

  /** Checks one reply line (undefined: one too long to be a reply) against the oldest command. */
  private answer(link: Link, reply: string | undefined, now: number): void {
    const oldest = this.pending.entries().next();
    if (oldest.done) {
      this.rec.error(link.conn, 'corrupt', `the server sent a reply, ${show(reply)}, to no command (none was outstanding)`);
      return;
    }
    const [seq, p] = oldest.value;
    this.pending.delete(seq);
    // A wrong answer is still an answer: the connection is alive, so it holds off the stall timeout
    // (a server that lost the store must show as corrupt replies, not as a broken connection).
    this.lastProgress = now;
    if (reply === p.expected) this.rec.verified(link.conn, seq, reply.length + 1, now - p.sentAt, now);
    else this.rec.error(link.conn, 'corrupt', `seq ${seq}: ${p.line} answered ${show(reply)}, expected ${p.expected}${why(p, reply)}`, seq);
  }

  drained(): void {}

  wakeIn(now: number): number {
    return this.pacer.wakeIn(now, this.pending.size);
  }

  outstanding(): number {
    return this.pending.size;
  }

  progressAt(): number {
    return this.lastProgress;
  }

  complete(): boolean {
    return false;
  }

  detach(): Lost | undefined {
    const lost = lostOf(this.pending.keys());
    this.pending.clear();
    this.link = undefined;
    return lost;
  }
}

/** A reply as a user reads it: plain when it is short printable text, else quoted. */
function show(reply: string | undefined): string {
  if (reply === undefined) return `more than ${MAX_REPLY_BYTES} bytes without a newline`;
  if (reply === '') return 'an empty line';
  if (reply.length <= 80 && /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(reply)) return reply;
  return JSON.stringify(reply.length <= 80 ? reply : `${reply.slice(0, 77)}...`);
}

/** What a wrong reply most likely means, for the error's detail ('' when nothing useful can be said). */
function why(p: Pending, reply: string | undefined): string {
  if (reply === p.line) return ' (the server echoed the command: it is not running the kv app; set service.app: kv)';
  const lost = " (the server lost the connection's state)";
  switch (p.command.op) {
    case 'INCR': {
      if (reply === undefined || !/^-?\d+$/.test(reply)) return '';
      const got = Number(reply);
      const want = Number(p.expected);
      if (got < want) return lost;
      return got > want ? ' (the server applied commands more than once)' : '';
    }
    case 'GET':
      if (reply === 'NIL') return lost;
      return p.expected === 'NIL' && reply?.startsWith('VALUE ') ? ' (the server holds a key this connection never set or already deleted)' : '';
    case 'DEL':
      if (reply === '0' && p.expected === '1') return lost;
      return reply === '1' && p.expected === '0' ? ' (the server holds a key this connection never set or already deleted)' : '';
    case 'SET':
      return '';
  }
}
