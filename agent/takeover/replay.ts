import type { App } from '../service/app.js';

export type Replayed =
  | { ok: true; pending: Buffer[]; produced: number; compared: number }
  | { ok: false; reason: string; produced: number; nondeterministic: boolean };

/** The server output the witness saw, from byte `offset` of the server's stream. */
export interface SeenOutput {
  offset: number;
  bytes: Uint8Array;
}

const hex = (b: number | undefined) => (b === undefined ? 'nothing' : `0x${b.toString(16).padStart(2, '0')}`);

/** How long a program (exec) may take to regenerate what the primary is known to have sent. */
export const REPLAY_TIMEOUT_MS = 2000;

/**
 * Brings a fresh application instance to the state of the failed server's copy: feeds it every
 * client byte the witness captured, then drops the first `skipOutput` bytes it regenerates (the
 * client acknowledged them already). What remains is owed to the client.
 *
 * The regenerated output must be the output the primary sent: where the witness saw some of it
 * (`seen`), the two are compared byte for byte, and a difference means the application is not
 * deterministic — sending the replay's bytes would corrupt the client's stream, so the connection
 * is not restored. The same holds when the replay regenerates less than the client acknowledged.
 *
 * An application run as another program answers later: the replay waits (up to `timeoutMs`) until
 * it has regenerated at least what the primary is known to have sent; what it sends after that is
 * held by the app and reaches the client once the connection is adopted.
 */
export async function replayInto(app: App, clientBytes: Uint8Array, skipOutput: number, seen?: SeenOutput, timeoutMs = REPLAY_TIMEOUT_MS): Promise<Replayed> {
  const later = app.later;
  const collected: Buffer[] = [];
  let collectedBytes = 0;
  const need = Math.max(skipOutput, seen ? seen.offset + seen.bytes.length : 0);
  let settle: (() => void) | undefined;
  let failure: Error | undefined;
  let ended = false;
  later?.attach({
    data: (chunk) => {
      collected.push(chunk);
      collectedBytes += chunk.length;
      if (collectedBytes >= need) settle?.();
    },
    end: () => {
      ended = true;
      settle?.();
    },
    error: (error) => {
      failure = error;
      settle?.();
    },
  });
  const now = clientBytes.length > 0 ? app.onData(Buffer.from(clientBytes.buffer, clientBytes.byteOffset, clientBytes.byteLength)) : [];
  collected.unshift(...now);
  collectedBytes += now.reduce((n, b) => n + b.length, 0);
  if (later) {
    let timer: NodeJS.Timeout | undefined;
    if (collectedBytes < need && !ended && !failure) {
      await new Promise<void>((resolve) => {
        settle = resolve;
        timer = setTimeout(resolve, timeoutMs);
      });
    }
    clearTimeout(timer);
    later.attach(undefined);
    if (failure) return { ok: false, nondeterministic: false, produced: collectedBytes, reason: `the replay failed: ${failure.message}` };
    if (collectedBytes < need && !ended) {
      return { ok: false, nondeterministic: false, produced: collectedBytes, reason: `the replay of ${clientBytes.length} client bytes regenerated ${collectedBytes} of the ${need} bytes the primary sent within ${timeoutMs} ms` };
    }
  }
  return judge(collected.length === 1 ? collected[0]! : Buffer.concat(collected), clientBytes.length, skipOutput, seen);
}

/** Compares what the replay regenerated with what the primary is known to have sent, and splits off what is owed. */
function judge(all: Buffer, clientLength: number, skipOutput: number, seen?: SeenOutput): Replayed {
  const produced = all.length;
  let compared = 0;
  if (seen && seen.bytes.length > 0) {
    const end = Math.min(seen.offset + seen.bytes.length, produced);
    if (end > seen.offset && Buffer.compare(all.subarray(seen.offset, end), Buffer.from(seen.bytes.buffer, seen.bytes.byteOffset, end - seen.offset)) !== 0) {
      let i = seen.offset;
      while (all[i] === seen.bytes[i - seen.offset]) i++;
      return { ok: false, nondeterministic: true, produced, reason: `non-deterministic application: at server byte ${i} the replay regenerates ${hex(all[i])} where the primary sent ${hex(seen.bytes[i - seen.offset])}` };
    }
    compared = Math.max(0, end - seen.offset);
    if (seen.offset + seen.bytes.length > produced) {
      return { ok: false, nondeterministic: true, produced, reason: `non-deterministic application: the primary sent ${seen.offset + seen.bytes.length} bytes, the replay of the same ${clientLength} client bytes regenerates ${produced}` };
    }
  }
  if (produced < skipOutput) {
    return { ok: false, nondeterministic: false, produced, reason: `the client acknowledged ${skipOutput} bytes from the server, the replay of its ${clientLength} bytes regenerates ${produced}: non-deterministic application or missing input` };
  }
  return { ok: true, pending: produced > skipOutput ? [all.subarray(skipOutput)] : [], produced, compared };
}
