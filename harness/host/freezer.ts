import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The cgroup freezer of a Docker container, written directly: `docker pause` takes ~16 ms through
 * containerd and runc, a write to the freezer ~1 ms, so a pause lands on its scheduled instant.
 * Writes and reads are synchronous: a sysfs file answers at once, while the async fs API would
 * queue behind the libuv thread pool (a resume once landed 24 ms late that way).
 * Docker does not see such a pause (its state stays "running"), so everything that removes
 * containers thaws them first (`thaw`): SIGKILL is not delivered to a frozen task.
 */
export interface Freezer {
  freeze(): Promise<void>;
  thaw(): Promise<void>;
  frozen(): Promise<boolean>;
}

/** The freezer of a container (cgroup v1 or v2, cgroupfs driver), or undefined when not found. */
export function containerFreezer(containerId: string): Freezer | undefined {
  const v1 = `/sys/fs/cgroup/freezer/docker/${containerId}/freezer.state`;
  if (existsSync(v1)) {
    return {
      freeze: async () => {
        writeFileSync(v1, 'FROZEN');
        // FREEZING until every task is stopped, usually within a millisecond: polled synchronously,
        // so that a busy event loop does not delay the instant the pause is known to hold.
        await settle(() => readFileSync(v1, 'utf8').trim() === 'FROZEN');
      },
      thaw: async () => writeFileSync(v1, 'THAWED'),
      frozen: async () => readFileSync(v1, 'utf8').trim() !== 'THAWED',
    };
  }
  for (const dir of [`/sys/fs/cgroup/docker/${containerId}`, `/sys/fs/cgroup/system.slice/docker-${containerId}.scope`]) {
    if (!existsSync(`${dir}/cgroup.freeze`)) continue;
    return {
      freeze: async () => {
        writeFileSync(`${dir}/cgroup.freeze`, '1');
        await settle(() => /frozen 1/.test(readFileSync(`${dir}/cgroup.events`, 'utf8')));
      },
      thaw: async () => writeFileSync(`${dir}/cgroup.freeze`, '0'),
      frozen: async () => readFileSync(`${dir}/cgroup.freeze`, 'utf8').trim() === '1',
    };
  }
  return undefined;
}

/** Polls `done` synchronously for up to 20 ms, then every millisecond for up to a second. */
async function settle(done: () => boolean): Promise<void> {
  const spinUntil = performance.now() + 20;
  while (performance.now() < spinUntil) if (done()) return;
  for (let i = 0; i < 1000; i++) {
    if (done()) return;
    await sleep(1);
  }
}

/** Thaws a container frozen through its freezer, if it is; never throws. */
export async function thawIfFrozen(containerId: string): Promise<boolean> {
  const freezer = containerFreezer(containerId);
  try {
    if (freezer && (await freezer.frozen())) {
      await freezer.thaw();
      return true;
    }
  } catch {
    // the container went away meanwhile
  }
  return false;
}
