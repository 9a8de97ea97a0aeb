import { KvModel, kvCommand, kvLine, type KvCommand } from '../protocol/kv-commands.js';
import { LINE_DIALECT, type KvDialect, type KvReply, type KvReplyReader } from '../protocol/kv-dialect.js';
import type { Pacer } from '../pacing/pacer.js';
import type { Recorder } from './recorder.js';
import { lostOf, type Lost, type Workload, type Writer } from './workload.js';

interface Link {
  conn: number;
  writer: Writer;
  /** The server's store for this connection, as it must be after every command written so far. */
  model: KvModel;
  /** Cuts the connection's bytes into replies. */
  replies: KvReplyReader;
}

interface Pending {
  sentAt: number;
  command: KvCommand;
  /** The command as a user reads it (the line protocol's form, whatever the dialect). */
  line: string;
  expected: string;
}

/**
 * kv traffic: a deterministic command per sequence number (protocol/kv-commands.ts), paced like a
 * stream, each reply checked against a model of the connection's store. Replies come back in
 * order, one per command. The dialect (the kv app's lines, or RESP for Redis) only decides how
 * commands are written and replies are read. A new connection starts a fresh, empty model, as the
 * kv app starts a fresh store (Redis does not: see RESP_DIALECT); the sequence numbers continue.
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
    private readonly dialect: KvDialect = LINE_DIALECT,
  ) {}

  attach(conn: number, writer: Writer, now: number): void {
    this.link = { conn, writer, model: new KvModel(), replies: this.dialect.reader() };
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
      const wire = this.dialect.encode(command);
      this.pending.set(seq, { sentAt: now, command, line: kvLine(command), expected: link.model.apply(command) });
      this.rec.sent(link.conn, seq, wire.length, now);
      text += wire;
    }
    this.pacer.sent(n, now);
    link.writer.write(Buffer.from(text, 'latin1'));
  }

  onData(chunk: Buffer, now: number): void {
    const link = this.link;
    if (!link) return;
    for (const reply of link.replies.push(chunk)) this.answer(link, reply, now);
  }

  /** Checks one reply (or bytes that are none) against the oldest command. */
  private answer(link: Link, reply: KvReply, now: number): void {
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
    if ('text' in reply && reply.text === p.expected) this.rec.verified(link.conn, seq, reply.bytes, now - p.sentAt, now);
    else this.rec.error(link.conn, 'corrupt', `seq ${seq}: ${p.line} answered ${show(reply)}, expected ${p.expected}${this.why(p, reply)}`, seq);
  }

  /** What a wrong reply most likely means, for the error's detail ('' when nothing useful can be said). */
  private why(p: Pending, reply: KvReply): string {
    if (!('text' in reply)) return '';
    return reply.text === this.dialect.echoed(p.command) ? this.dialect.echoNote : wrongState(p, reply.text);
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
function show(r: KvReply): string {
  if (!('text' in r)) return r.bad;
  const reply = r.text;
  if (reply === '') return 'an empty line';
  if (reply.length <= 80 && /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(reply)) return reply;
  return JSON.stringify(reply.length <= 80 ? reply : `${reply.slice(0, 77)}...`);
}

/** What a wrong reply to a command that depends on the store says about the server's store ('' when nothing). */
function wrongState(p: Pending, reply: string): string {
  const lost = " (the server lost the connection's state)";
  switch (p.command.op) {
    case 'INCR': {
      if (!/^-?\d+$/.test(reply)) return '';
      const got = Number(reply);
      const want = Number(p.expected);
      if (got < want) return lost;
      return got > want ? ' (the server applied commands more than once)' : '';
    }
    case 'GET':
      if (reply === 'NIL') return lost;
      return p.expected === 'NIL' && reply.startsWith('VALUE ') ? ' (the server holds a key this connection never set or already deleted)' : '';
    case 'DEL':
      if (reply === '0' && p.expected === '1') return lost;
      return reply === '1' && p.expected === '0' ? ' (the server holds a key this connection never set or already deleted)' : '';
    case 'SET':
      return '';
  }
}
