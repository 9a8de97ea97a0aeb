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

/** Host PIDs of the container's live processes named `comm` (zombies excluded). */
export function processesNamed(containerId: string, comm: string): number[] {
  const file = cgroupProcs(containerId);
  if (!file) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number).filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // pid (comm) state …: comm may hold spaces, the state follows its closing parenthesis.
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      return name === comm && state !== 'Z' && state !== 'X';
    } catch {
      return false; // gone meanwhile
    }
  });
}

/** SIGKILLs every process named `comm` in the container (`at`: the instant, host clock); resolves with those still alive after up to 1 s. */
export async function killNamed(containerId: string, comm: string): Promise<{ killed: number[]; left: number[]; at: number }> {
  const killed = processesNamed(containerId, comm);
  const at = performance.timeOrigin + performance.now();
  for (const pid of killed) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // exited meanwhile
    }
  }
  let left = processesNamed(containerId, comm);
  for (let i = 0; i < 1000 && left.length > 0; i++) {
    await sleep(1);
    left = processesNamed(containerId, comm);
  }
  return { killed, left, at };
}
