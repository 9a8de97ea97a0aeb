import { setTimeout as sleep } from 'node:timers/promises';

/** The host wall clock in milliseconds with sub-millisecond resolution, the clock every record uses. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Resolves at `epochMs` on the host clock, within about a millisecond: sleeps until 15 ms
 * before, then yields to the event loop until the instant (timers alone are late by several ms).
 */
export async function sleepUntil(epochMs: number, signal?: AbortSignal): Promise<void> {
  const coarse = epochMs - now() - 15;
  if (coarse > 0) await sleep(coarse, undefined, signal ? { signal } : {});
  while (now() < epochMs) {
    signal?.throwIfAborted();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
