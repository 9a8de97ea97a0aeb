/**
 * Runs items one after another (`hatcp run a.yaml b.yaml`). Once `signal` is aborted, no further
 * item starts: the series throws the signal's reason instead. `onFinished` sees each result as it
 * comes, so that a caller can still point at what finished when a later item fails.
 */
export async function runSeries<T, R>(items: readonly T[], runOne: (item: T) => Promise<R>, options: { signal: AbortSignal; onFinished?: (result: R) => void }): Promise<R[]> {
  const results: R[] = [];
  for (const item of items) {
    options.signal.throwIfAborted();
    const result = await runOne(item);
    results.push(result);
    options.onFinished?.(result);
  }
  // An interrupt during the last item, which that item did not notice, still interrupts the series.
  options.signal.throwIfAborted();
  return results;
}
