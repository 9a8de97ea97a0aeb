/**
 * When a freshly started hatcp cluster is settled enough for a scenario to begin, judged from the
 * agents' own events. Pure: the plug-in polls the events files and asks this.
 *
 * Agents booting together on a loaded machine stall one another (node's start-up, tcpdump's ring,
 * the application): heartbeats come late, peers are suspected and lost, and a standby may even take
 * the VIP over and give it back. None of that is the scenario's; a fault injected into it would hit
 * a cluster in another state than the one the scenario describes.
 */

/** One line of an agent's events file. */
export interface AgentLine {
  t: number;
  node: string;
  kind: string;
  detail: string;
}

/** Events that say the cluster is not (yet) at rest. */
export const UNREST = ['suspected', 'peer-lost', 'declared', 'witness-lost', 'decided', 'fenced', 'vip-down', 'loop-stalled', 'protection-lost'] as const;

export interface SettleQuestion {
  /** Every agent's events so far. */
  events: readonly AgentLine[];
  now: number;
  /** The nodes running an agent, with their roles. */
  nodes: readonly { name: string; role: string }[];
  /** The node that must hold the VIP. */
  primary: string;
  vip: string;
  /** How long no agent may have reported unrest. */
  quietMs: number;
  /** Witnesses must be capturing (TCP takeover). */
  capture: boolean;
}

export type SettleVerdict = { settled: true; detail: string } | { settled: false; waiting: string };

/** Whether the cluster is at rest now, and if not, what it is waiting for. */
export function settleVerdict(q: SettleQuestion): SettleVerdict {
  const byNode = new Map(q.nodes.map((n) => [n.name, q.events.filter((e) => e.node === n.name).sort((a, b) => a.t - b.t)]));
  for (const { name } of q.nodes) if (!byNode.get(name)!.some((e) => e.kind === 'booted')) return { settled: false, waiting: `the agent on ${name} has not booted` };
  const holders = q.nodes.filter((n) => holdsVip(byNode.get(n.name)!)).map((n) => n.name);
  if (!holders.includes(q.primary) || holders.length > 1) {
    return { settled: false, waiting: `${q.primary} must hold ${q.vip} alone; held by ${holders.join(' and ') || 'nobody'}` };
  }
  if (q.capture) {
    for (const n of q.nodes) if (n.role === 'witness' && !byNode.get(n.name)!.some((e) => e.kind === 'capture-started')) return { settled: false, waiting: `the witness ${n.name} is not capturing yet` };
  }
  for (const { name } of q.nodes) {
    for (const { name: peer } of q.nodes) {
      if (peer !== name && !hears(byNode.get(name)!, peer)) return { settled: false, waiting: `${name} does not hear ${peer}` };
    }
  }
  const last = q.events.filter((e) => (UNREST as readonly string[]).includes(e.kind)).reduce<AgentLine | undefined>((a, e) => (a && a.t >= e.t ? a : e), undefined);
  const boots = q.nodes.map(({ name }) => byNode.get(name)!.find((e) => e.kind === 'booted')!.t);
  const boot = Math.max(...boots);
  const calmSince = Math.max(boot, last?.t ?? -Infinity);
  if (q.now - calmSince < q.quietMs) {
    const why = last && last.t >= boot ? `${last.node} ${last.kind} ${Math.round(q.now - last.t)} ms ago` : `the last agent booted ${Math.round(q.now - boot)} ms ago`;
    return { settled: false, waiting: `${q.quietMs} ms without unrest (${why})` };
  }
  const first = Math.min(...boots);
  const count = (kind: string) => q.events.filter((e) => e.kind === kind).length;
  const seen = ([['decided', 'takeover', 'takeovers'], ['peer-lost', 'peer loss', 'peer losses'], ['loop-stalled', 'loop stall', 'loop stalls']] as const)
    .map(([kind, one, many]) => ({ n: count(kind), one, many }))
    .filter(({ n }) => n > 0)
    .map(({ n, one, many }) => `${n} ${n === 1 ? one : many}`);
  return {
    settled: true,
    detail: `settled ${Math.round(q.now - first)} ms after the first agent booted, quiet for ${q.quietMs} ms: ${q.primary} holds ${q.vip}, every agent hears every other; bring-up saw ${seen.length ? seen.join(', ') : 'no unrest'}`,
  };
}

/** Whether the node's last word on the VIP is that it holds it. */
function holdsVip(events: readonly AgentLine[]): boolean {
  let holds = false;
  for (const e of events) {
    if (e.kind === 'vip-up') holds = true;
    else if (e.kind === 'vip-down' || e.kind === 'fenced') holds = false;
  }
  return holds;
}

/** Whether the node's last word on `peer` is that it is up (the details begin with the peer's name). */
function hears(events: readonly AgentLine[], peer: string): boolean {
  let up = false;
  for (const e of events) {
    if (!e.detail.startsWith(`${peer} `)) continue;
    if (e.kind === 'peer-up') up = true;
    else if (e.kind === 'suspected' || e.kind === 'peer-lost') up = false;
  }
  return up;
}

/**
 * Whether a restarted node's agent is back, from the events it wrote since the restart: booted,
 * and, for a witness of a TCP takeover, capturing again (before that it cannot protect anything).
 */
export function restartVerdict(since: readonly AgentLine[], role: string, capture: boolean): SettleVerdict {
  const booted = since.find((e) => e.kind === 'booted');
  if (!booted) return { settled: false, waiting: 'the agent has not booted' };
  if (!capture || role !== 'witness') return { settled: true, detail: 'booted' };
  const capturing = since.find((e) => e.kind === 'capture-started' && e.t >= booted.t);
  if (!capturing) return { settled: false, waiting: 'the witness is not capturing yet' };
  return { settled: true, detail: `booted, capturing ${Math.round(capturing.t - booted.t)} ms after its boot` };
}
