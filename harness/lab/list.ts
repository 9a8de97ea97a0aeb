import { docker } from '../backends/docker/client.js';
import { LABEL, labelFilter } from '../backends/docker/labels.js';

export interface RunningTopology {
  name: string;
  source: string | undefined;
  nodes: { name: string; role: string; state: string; ip: string }[];
  networks: string[];
}

/** Every topology hatcp has on the engine, from labels alone. */
export async function listTopologies(): Promise<RunningTopology[]> {
  const filters = JSON.stringify(labelFilter());
  const [containers, networks] = await Promise.all([docker().listContainers({ all: true, filters }), docker().listNetworks({ filters })]);
  const byName = new Map<string, RunningTopology>();
  const entry = (name: string, source: string | undefined): RunningTopology => {
    let t = byName.get(name);
    if (!t) byName.set(name, (t = { name, source, nodes: [], networks: [] }));
    return t;
  };
  for (const n of networks) entry(n.Labels?.[LABEL.topology] ?? '?', n.Labels?.[LABEL.source]).networks.push(n.Name);
  for (const c of containers) {
    const ip = Object.values(c.NetworkSettings?.Networks ?? {})[0]?.IPAddress ?? '';
    entry(c.Labels[LABEL.topology] ?? '?', c.Labels[LABEL.source]).nodes.push({
      name: c.Labels[LABEL.node] ?? c.Names[0] ?? c.Id,
      role: c.Labels[LABEL.role] ?? '',
      state: c.State,
      ip,
    });
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}
