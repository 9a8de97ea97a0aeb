import type { App } from '../service/app.js';

export type Replayed =
  | { ok: true; pending: Buffer[]; produced: number }
  | { ok: false; reason: string; produced: number };

/**
 * Brings a fresh application instance to the state of the failed server's copy: feeds it every
 * client byte the witness captured, then drops the first `skipOutput` bytes it regenerates (the
 * client acknowledged them already). What remains is owed to the client. An application that
 * regenerates less than the client acknowledged cannot be deterministic (or the bytes are
 * incomplete): the connection must not be restored.
 */
export function replayInto(app: App, clientBytes: Uint8Array, skipOutput: number): Replayed {
  const out: Buffer[] = [];
  if (clientBytes.length > 0) out.push(...app.onData(Buffer.from(clientBytes.buffer, clientBytes.byteOffset, clientBytes.byteLength)));
  const produced = out.reduce((n, b) => n + b.length, 0);
  if (produced < skipOutput) {
    return { ok: false, produced, reason: `the client acknowledged ${skipOutput} bytes from the server, the replay of its ${clientBytes.length} bytes regenerates ${produced}: non-deterministic application or missing input` };
  }
  const pending: Buffer[] = [];
  let skip = skipOutput;
  for (const b of out) {
    if (skip >= b.length) {
      skip -= b.length;
      continue;
    }
    pending.push(skip > 0 ? b.subarray(skip) : b);
    skip = 0;
  }
  return { ok: true, pending, produced };
}
