import type { Operation, RunEvent } from '../history/types.js';
import type { Scenario } from '../scenario/types.js';

/** Everything one run of a scenario left behind: what metrics and reports are computed from. */
export interface RunInput {
  /** e.g. `20261128-141500-1`. */
  runId: string;
  /** 0-based repeat index. */
  index: number;
  seed: number;
  /** The resolved scenario. */
  scenario: Scenario;
  /** Epoch ms when traffic started; fault `atMs` are offsets from it. */
  t0: number;
  /** Epoch ms when collection ended. */
  tEnd: number;
  history: Operation[];
  events: RunEvent[];
  /** Faults whose effect could not be verified make the run inconclusive (reasons; empty when all were). */
  inconclusive: string[];
  /**
   * An inconclusive run the series ran again in its place (`rerun_inconclusive`): reported apart,
   * outside the verdict and the aggregate.
   */
  setAside?: boolean;
  /** Kernel, docker version, image id, git revision, node version… */
  environment: Record<string, string>;
}
