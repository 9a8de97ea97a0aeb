import type { Lab } from './lab.js';

export interface Reachability {
  from: string;
  to: string;
  ok: boolean;
  detail: string;
}

/** Pings every node from every other by name (as a user would) and reports each pair. */
export async function reachability(lab: Lab): Promise<Reachability[]> {
  const names = [...lab.nodes.keys()];
  const pairs = names.flatMap((from) => names.filter((to) => to !== from).map((to) => ({ from, to })));
  return Promise.all(pairs.map(async ({ from, to }) => {
    const r = await lab.exec(from, ['ping', '-c', '1', '-W', '2', to]);
    const rtt = /time=([\d.]+ ms)/.exec(r.stdout)?.[1];
    return { from, to, ok: r.exitCode === 0, detail: r.exitCode === 0 ? (rtt ?? 'ok') : (r.stderr.trim() || r.stdout.trim().split('\n').pop() || `exit ${r.exitCode}`) };
  }));
}
