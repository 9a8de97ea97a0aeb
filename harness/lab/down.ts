import { docker, isNotFound } from '../backends/docker/client.js';
import { labelFilter } from '../backends/docker/labels.js';
import { run } from '../host/run.js';
import { lossTable } from '../links/impair-commands.js';
import { partitionTable } from '../faults/partition.js';
import { iptablesComment } from '../backends/docker/networks.js';
import { removeIptablesRules } from '../host/iptables.js';
import { thawIfFrozen } from '../host/freezer.js';

export interface Removed {
  containers: string[];
  networks: string[];
}

/**
 * Removes everything labelled for one topology (or for all of hatcp when `topology` is
 * undefined): containers first, killed at once, then their networks.
 */
export async function down(topology?: string): Promise<Removed> {
  const filters = JSON.stringify(labelFilter(topology));
  const containers = await docker().listContainers({ all: true, filters });
  await Promise.all(containers.map(async (c) => {
    try {
      await thawIfFrozen(c.Id); // a node paused through its freezer would never receive the SIGKILL
      await docker().getContainer(c.Id).remove({ force: true, v: true });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }));
  const networks = await docker().listNetworks({ filters });
  await Promise.all(networks.map(async (n) => {
    try {
      await docker().getNetwork(n.Id).remove();
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }));
  // Loss and partition rules live on the host (netdev tables outlive their devices); `clean` sweeps them all.
  if (topology) {
    await run('nft', ['delete', 'table', 'netdev', lossTable(topology)]);
    await run('nft', ['delete', 'table', ...partitionTable(topology).split(' ')]);
    await removeIptablesRules((comment) => comment === iptablesComment(topology));
  }
  return {
    containers: containers.map((c) => (c.Names[0] ?? c.Id).replace(/^\//, '')),
    networks: networks.map((n) => n.Name),
  };
}
