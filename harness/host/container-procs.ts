import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Processes of a container seen from the host, through its cgroup: an agent can be killed within
 * a millisecond of its scheduled instant, where `docker exec pkill` takes ~250 ms.
 */
function cgroupProcs(containerId: string): string | undefined {
  return [
    `/sys/fs/cgroup/pids/docker/${containerId}/cgroup.procs`,
    `/sys/fs/cgroup/freezer/docker/${containerId}/cgroup.procs`,
    `/sys/fs/cgroup/docker/${containerId}/cgroup.procs`,
    `/sys/fs/cgroup/system.slice/docker-${containerId}.scope/cgroup.procs`,
  ].find((f) => existsSync(f));
}

/** What picks processes: their name (`comm`) or a part of their command line. */
export type ProcessMatch = string | { cmdline: string };

/** Host PIDs of the container's live processes that match (zombies excluded); every one without `match`. */
export function processesNamed(containerId: string, match?: ProcessMatch): number[] {
  const file = cgroupProcs(containerId);
  if (!file) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number).filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // pid (comm) state …: comm may hold spaces, the state follows its closing parenthesis.
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state === 'Z' || state === 'X') return false;
      if (match === undefined) return true;
      if (typeof match === 'string') return name === match;
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').includes(match.cmdline);
    } catch {
      return false; // gone meanwhile
    }
  });
}

/** SIGKILLs every matching process of the container (every one without `match`; `at`: the instant, host clock); resolves with those still alive after up to 1 s. */
export async function killNamed(containerId: string, match?: ProcessMatch): Promise<{ killed: number[]; left: number[]; at: number }> {
  const killed = processesNamed(containerId, match);
  const at = performance.timeOrigin + performance.now();
  for (const pid of killed) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // exited meanwhile
    }
  }
  let left = processesNamed(containerId, match);
  for (let i = 0; i < 1000 && left.length > 0; i++) {
    await sleep(1);
    left = processesNamed(containerId, match);
  }
  return { killed, left, at };
}
