import type { Pacer } from '../pacing/pacer.js';
import { answersLine, linesLine, wrongLine } from '../protocol/lines.js';
import { lineReplies } from '../protocol/replies.js';
import type { Recorder } from './recorder.js';
import { ReplyWorkload, type ReplyProtocol, type Request } from './reply-workload.js';

/** Each connection reads reply lines; line `seq` is `line <seq>`, answered by any reply that begins with it. */
const LINES: ReplyProtocol<Request> = {
  noun: 'line',
  open: () => ({
    replies: lineReplies(),
    ask(seq) {
      const line = linesLine(seq);
      return { wire: `${line}\n`, shown: line, expected: `a reply beginning with ${line}` };
    },
    accepts: (_seq, req, text) => answersLine(req.shown, text),
    why: (seq, _req, text) => wrongLine(seq, text),
  }),
};

/**
 * lines traffic: `line <seq>\n` paced like a stream, each reply checked to begin with the line it
 * answers, in order (protocol/lines.ts). For a line server whose answers cannot be predicted, such
 * as the stamp app; an echo passes too. The sequence numbers continue across connections.
 */
export class LinesWorkload extends ReplyWorkload<Request> {
  constructor(pacer: Pacer, rec: Recorder) {
    super(pacer, rec, LINES);
  }
}
