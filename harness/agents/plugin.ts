import type { Lab } from '../lab/lab.js';
import type { RunEvent } from '../history/types.js';
import type { AgentConfig, Scenario } from '../scenario/types.js';

/** What an agent plug-in gets to work with. */
export interface AgentContext {
  lab: Lab;
  scenario: Scenario;
  log: (line: string) => void;
}

/** Result of a fault that an agent carries out (agent-kill). */
export interface Effect {
  verified: boolean;
  evidence: string;
  /** When it took effect on the host clock, if earlier than when the check finished (e.g. the SIGKILL's instant). */
  at?: number;
}

/** One node's log file of the agent or the application it fronts, as read after the run. */
export interface AgentLog {
  node: string;
  /** The file's path in the node. */
  path: string;
  text: string;
}

/**
 * A failover agent kind, as the runner sees it: how to start it (and the application it fronts)
 * on the nodes it serves, start it again on a restarted node, kill it, and read its own events
 * and logs.
 */
export interface AgentPlugin {
  kind: AgentConfig['kind'];
  /**
   * Starts the service on every node it runs on; resolves once the primary serves the VIP and the
   * cluster is at rest, with what it waited for when there is more to say.
   */
  start(ctx: AgentContext): Promise<string | void>;
  /** Starts it again on a node that was crashed and restarted; resolves once it is back, saying how. */
  restartNode(ctx: AgentContext, node: string): Promise<string | void>;
  /** Kills only the agent process on a node (its kernel stays up) and says whether it is gone. */
  kill(ctx: AgentContext, node: string): Promise<Effect>;
  /** The agent's own transitions, on the host clock, read after the run (also from stopped nodes). */
  events(ctx: AgentContext): Promise<RunEvent[]>;
  /** Its logs on every node it runs on (also stopped ones), kept with the run's results; the empty ones left out. */
  logs(ctx: AgentContext): Promise<AgentLog[]>;
}
