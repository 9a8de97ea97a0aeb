import { KvModel, kvCommand, kvLine, type KvCommand } from '../protocol/kv-commands.js';
import { LINE_DIALECT, type KvDialect } from '../protocol/kv-dialect.js';
import type { Pacer } from '../pacing/pacer.js';
import type { Recorder } from './recorder.js';
import { ReplyWorkload, type Conversation, type ReplyProtocol, type Request } from './reply-workload.js';

/** A kv command written: `shown` is the line protocol's form whatever the dialect, `expected` the model's reply. */
interface KvRequest extends Request {
  command: KvCommand;
}

/**
 * kv traffic: a deterministic command per sequence number (protocol/kv-commands.ts), paced like a
 * stream, each reply checked against a model of the connection's store. Replies come back in
 * order, one per command. The dialect (the kv app's lines, or RESP for Redis) only decides how
 * commands are written and replies are read. A new connection starts a fresh, empty model, as the
 * kv app starts a fresh store (Redis does not: see RESP_DIALECT); the sequence numbers continue.
 */
export class KvWorkload extends ReplyWorkload<KvRequest> {
  constructor(pacer: Pacer, rec: Recorder, dialect: KvDialect = LINE_DIALECT) {
    super(pacer, rec, kvProtocol(dialect));
  }
}

function kvProtocol(dialect: KvDialect): ReplyProtocol<KvRequest> {
  return { noun: 'command', open: () => kvConversation(dialect) };
}

/** One connection's commands, with the model of its store: as it must be after every command written so far. */
function kvConversation(dialect: KvDialect): Conversation<KvRequest> {
  const model = new KvModel();
  return {
    replies: dialect.reader(),
    ask(seq) {
      const command = kvCommand(seq);
      return { wire: dialect.encode(command), shown: kvLine(command), expected: model.apply(command), command };
    },
    accepts: (_seq, req, text) => text === req.expected,
    why: (_seq, req, text) => (text === dialect.echoed(req.command) ? dialect.echoNote : wrongState(req, text)),
  };
}

/** What a wrong reply to a command that depends on the store says about the server's store ('' when nothing). */
function wrongState(p: KvRequest, reply: string): string {
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
