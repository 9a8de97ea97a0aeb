import Docker from 'dockerode';
import { HatcpError } from '../../errors/hatcp-error.js';

let shared: Docker | undefined;

/** The Docker engine client (honours DOCKER_HOST), shared by the whole process. */
export function docker(): Docker {
  shared ??= new Docker();
  return shared;
}

/** Checks that the engine answers; throws an actionable error when it does not. */
export async function requireEngine(): Promise<{ version: string; apiVersion: string }> {
  try {
    const v = await docker().version();
    return { version: v.Version, apiVersion: v.ApiVersion };
  } catch (cause) {
    throw new HatcpError(`Docker engine not reachable: ${(cause as Error).message}`, {
      cause,
      hint: 'start it (dockerd &, or systemctl start docker) or run `bash scripts/setup.sh`; `hatcp doctor` checks everything',
    });
  }
}

/** True when a dockerode error is the engine's "no such object" answer. */
export function isNotFound(error: unknown): boolean {
  return (error as { statusCode?: number }).statusCode === 404;
}
