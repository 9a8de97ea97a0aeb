import type { Pacer } from '../pacing/pacer.js';
import { showReply, type Reply, type ReplyReader } from '../protocol/replies.js';
import type { Recorder } from './recorder.js';
import { PacedWorkload, type Writer } from './workload.js';

/** One request, as the workload keeps it until its reply. */
export interface Request {
  /** As written on the wire (latin1). */
  wire: string;
  /** As a user reads it, for error details: `INCR counter`, `line 7`. */
  shown: string;
  /** What its reply must be, as the object of "expected …": `1`, `a reply beginning with line 7`. */
  expected: string;
}

/** One connection's side of a request/reply traffic kind: everything in which kv and lines differ. */
export interface Conversation<R extends Request> {
  /** Cuts the connection's bytes into replies. */
  readonly replies: ReplyReader;
  /** Request number `seq`; called in order of seq, so a model of the server may advance with it. */
  ask(seq: number): R;
  /** Whether reply `text` answers request `seq` rightly. */
  accepts(seq: number, req: R, text: string): boolean;
  /** What a wrong reply `text` most likely means, appended to the error's detail ('' when nothing useful can be said). */
  why(seq: number, req: R, text: string): string;
}

/** A request/reply traffic kind: what its requests are called, and a fresh conversation for each connection. */
export interface ReplyProtocol<R extends Request> {
  /** What one request is called in messages: `command`, `line`. */
  readonly noun: string;
  open(): Conversation<R>;
}

interface Link<R extends Request> {
  conn: number;
  writer: Writer;
  talk: Conversation<R>;
}

interface Pending<R> {
  sentAt: number;
  req: R;
}

/**
 * Requests paced like a stream, each answered by one reply, in order (kv, lines). The protocol
 * decides what request `seq` is and whether its reply is right; this runs the rest: pacing, the
 * requests outstanding, cutting replies, timing and recording each. A wrong reply is reported as
 * `corrupt` with what was sent, what came back and what was expected. The sequence numbers
 * continue across connections; each connection gets a fresh conversation.
 */
export class ReplyWorkload<R extends Request> extends PacedWorkload<Link<R>, Pending<R>> {
  constructor(
    pacer: Pacer,
    rec: Recorder,
    private readonly protocol: ReplyProtocol<R>,
  ) {
    super(pacer, rec);
  }

  protected open(conn: number, writer: Writer): Link<R> {
    return { conn, writer, talk: this.protocol.open() };
  }

  protected message(link: Link<R>, seq: number, now: number): { bytes: Buffer; pending: Pending<R> } {
    const req = link.talk.ask(seq);
    return { bytes: Buffer.from(req.wire, 'latin1'), pending: { sentAt: now, req } };
  }

  onData(chunk: Buffer, now: number): void {
    const link = this.link;
    if (!link) return;
    for (const reply of link.talk.replies.push(chunk)) this.answer(link, reply, now);
  }

  /** Checks one reply (or bytes that are none) against the oldest request. */
  private answer(link: Link<R>, reply: Reply, now: number): void {
    const oldest = this.pending.entries().next();
    if (oldest.done) {
      this.rec.error(link.conn, 'corrupt', `the server sent a reply, ${showReply(reply)}, to no ${this.protocol.noun} (none was outstanding)`);
      return;
    }
    const [seq, { sentAt, req }] = oldest.value;
    this.pending.delete(seq);
    // A wrong answer is still an answer: the connection is alive, so it holds off the stall timeout
    // (a server that lost the store must show as corrupt replies, not as a broken connection).
    this.lastProgress = now;
    if ('text' in reply && link.talk.accepts(seq, req, reply.text)) this.rec.verified(link.conn, seq, reply.bytes, now - sentAt, now);
    else {
      const why = 'text' in reply ? link.talk.why(seq, req, reply.text) : '';
      this.rec.error(link.conn, 'corrupt', `seq ${seq}: ${req.shown} answered ${showReply(reply)}, expected ${req.expected}${why}`, seq);
    }
  }

}
