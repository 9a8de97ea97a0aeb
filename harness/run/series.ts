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

/** What a scenario's series tells the run it starts. */
export interface SeriesStep {
  /** 0-based, set-aside runs included: the run's folder is `run-<index + 1>`. */
  index: number;
  /** Runs that counted before this one. */
  counted: number;
  /** Runs set aside before this one. */
  again: number;
  /** Whether this run may still be set aside (the budget is not spent). */
  canSetAside: boolean;
}

/**
 * Runs `run` until `repeat` runs count. A run that answers true (it was inconclusive, and
 * `canSetAside` let it) is set aside and another is run in its place, at most `rerun` times in
 * the series; after that every run counts, whatever its verdict. Returns how many were set aside.
 */
export async function repeatRuns(repeat: number, rerun: number, run: (step: SeriesStep) => Promise<boolean>): Promise<number> {
  let counted = 0;
  let again = 0;
  for (let index = 0; counted < repeat; index++) {
    const canSetAside = again < rerun;
    if ((await run({ index, counted, again, canSetAside })) && canSetAside) again++;
    else counted++;
  }
  return again;
}
