/** The host's wall clock with sub-millisecond resolution, ms: the clock of every harness record and agent event. */
export const wallNow = (): number => performance.timeOrigin + performance.now();
