import type { TrafficSpec } from '../scenario/types.js';

/**
 * Why a traffic spec cannot run against the echo app, or undefined when it can. The echo app only
 * returns what the client sends (it must stay a deterministic function of the client's bytes, so
 * the failover agent can replay them), hence bulk `down` has no meaning: nothing produces data.
 * Bulk `up` and `both` both stream the bytes through the echo and verify them on return.
 */
export function echoTrafficProblem(spec: TrafficSpec): { message: string; hint: string } | undefined {
  if (spec.kind === 'bulk' && spec.direction === 'down') {
    return {
      message: `traffic ${spec.name}: bulk direction "down" needs a server that sends data of its own; the echo app only returns what the client sends`,
      hint: 'use direction "both" (the client streams through the echo: full speed up and down) or "up"',
    };
  }
  return undefined;
}
