import { randomBytes } from 'node:crypto';
import type { App } from '../app.js';
import { LineSplitter, type LineEvent } from './lines.js';

const TOO_LONG = Buffer.from('ERR line too long\n');

/**
 * The stamp application, deliberately NOT deterministic: like echo, but line by line, each line
 * answered with `<line> <8 random hex digits>\n` (crypto random; a trailing `\r` is dropped, a
 * line over 64 KiB gets `ERR line too long`). It exists to show that a takeover detects a
 * non-deterministic application: the standby's replay of the client's bytes regenerates different
 * bytes than the primary sent, the comparison with the primary's output the witness saw fails,
 * and the connection is not restored (`restore-failed`) rather than fed corrupt bytes.
 */
export function createStampApp(): App {
  const lines = new LineSplitter();
  const answer = (events: LineEvent[]): Buffer[] => {
    if (events.length === 0) return [];
    const out = events.flatMap((e) => (e.kind === 'too-long' ? [TOO_LONG] : [e.line, Buffer.from(` ${randomBytes(4).toString('hex')}\n`)]));
    return [Buffer.concat(out)];
  };
  return {
    onData: (chunk) => answer(lines.push(chunk)),
    onEnd: () => answer(lines.end()),
  };
}
