/** Metrics of a run: pure functions from its history and events to figures and a verdict. */
export type { RunInput } from './run-input.js';
export type * from './types.js';
export { computeMetrics } from './compute.js';
export { aggregate } from './aggregate.js';
export { runFigures } from './figures.js';
export { parseEvents, parseHistory } from './parse.js';
export { nearestRank } from './stats.js';
export { worstOverFaults } from './worst.js';
export { BIN_MS } from './throughput.js';
export { PHASE_KINDS } from './waterfall.js';
export { GAINS, LOSES } from './ownership.js';
export { faultLabel, revertEvents, revertLabel } from './fault-events.js';
