import { docker, isNotFound } from '../backends/docker/client.js';
import { processesNamed } from '../host/container-procs.js';
import { containerFreezer } from '../host/freezer.js';

/**
 * Ends a container's processes without letting any of them run again: the container is frozen
 * (already so for a crashed or paused node), each process gets SIGKILL while frozen, then the
 * cgroup is thawed and the kernel ends them on their way back to user space. Nothing they would
 * have done on waking (an agent noticing its peers gone, writing events) happens.
 *
 * This is the second half of a crash: the fault itself only cuts the links and freezes the node
 * (fail-stop, in a millisecond), and Docker's teardown of a dead container (endpoint and veth
 * removal, iptables, mounts: ~100–200 ms of CPU and rtnl lock on the shared kernel) happens here,
 * a second later (run-once), outside the failover being measured, as a real host's death costs
 * its peers nothing.
 * Resolves once Docker sees the container stopped; never throws for a container already gone.
 */
export async function reap(containerId: string): Promise<{ killed: number; running: boolean }> {
  const freezer = containerFreezer(containerId);
  await freezer?.freeze();
  const pids = processesNamed(containerId);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  await freezer?.thaw();
  const container = docker().getContainer(containerId);
  try {
    // Docker's kill of a SIGKILL waits for the exit: its own state is then current.
    await container.kill({ signal: 'SIGKILL' });
  } catch (error) {
    if (isNotFound(error)) return { killed: pids.length, running: false };
    // 409: not running any more, which is the point.
  }
  const info = await container.inspect().catch((error: unknown) => {
    if (isNotFound(error)) return undefined;
    throw error;
  });
  return { killed: pids.length, running: info?.State.Running ?? false };
}
