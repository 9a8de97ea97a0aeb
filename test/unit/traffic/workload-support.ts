import type { App } from '../../../agent/service/app.js';
import type { Operation } from '../../../harness/history/types.js';
import type { LineSink } from '../../../harness/traffic/gen/line-batcher.js';
import { Recorder } from '../../../harness/traffic/gen/recorder.js';

/** A recorder whose history is kept in memory, and the operations it recorded so far. */
export function recorder(): { rec: Recorder; ops: () => Operation[] } {
  const lines: string[] = [];
  const sink: LineSink = { push: (r) => lines.push(typeof r === 'string' ? r : JSON.stringify(r)), close: async () => {} };
  return { rec: new Recorder('g', sink, () => 0), ops: () => lines.map((l) => JSON.parse(l) as Operation) };
}

/** A writer that keeps every write and is never full. */
export function wire(): { writes: Buffer[]; writer: { write(b: Buffer): boolean } } {
  const writes: Buffer[] = [];
  return { writes, writer: { write: (b) => (writes.push(b), true) } };
}

/** What a server app answers to everything written so far. */
export function serve(app: App, writes: readonly Buffer[]): Buffer {
  return Buffer.concat(writes.flatMap((w) => app.onData(w)));
}

/** The sequence numbers verified, in order. */
export const verifiedSeqs = (ops: Operation[]) => ops.flatMap((o) => (o.kind === 'verified' ? [o.seq] : []));
