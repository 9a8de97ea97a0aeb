import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { bridgeName } from '../backends/docker/labels.js';
import { AGENTS } from '../agents/registry.js';
import type { AgentContext, AgentPlugin } from '../agents/plugin.js';
import { HatcpError } from '../errors/hatcp-error.js';
import { toNdjson } from '../history/ndjson.js';
import { framesFromAfter, startCapture, type Capture, type CaptureStats } from '../capture/tcpdump.js';
import { now, sleepUntil } from '../faults/clock.js';
import { applyStep } from '../faults/inject.js';
import { faultTimeline, stepLabel } from '../faults/timeline.js';
import type { Operation, RunEvent } from '../history/types.js';
import type { Lab } from '../lab/lab.js';
import { up } from '../lab/up.js';
import type { Scenario } from '../scenario/types.js';
import { startGenerator } from './generators.js';
import { Progress } from './progress.js';
import { IpBatch } from '../host/ip-batch.js';
import { NftSession } from '../host/nft-session.js';
import { TcSession } from '../host/tc-session.js';
import { thawIfFrozen } from '../host/freezer.js';
import { reap } from '../faults/reap.js';
import { partitionTable } from '../faults/partition.js';
import { agentsReadyAt } from '../history/agents-ready.js';

/**
 * A crashed node is frozen at once and killed this much later (harness/faults/reap.ts): Docker's
 * teardown of a dead container costs the shared kernel ~100–200 ms of CPU and rtnl lock, which
 * must not land in the failover it causes.
 */
const REAP_AFTER_MS = 1000;

/** Everything one run produced, before metrics. */
export interface RunRecord {
  t0: number;
  tEnd: number;
  history: Operation[];
  events: RunEvent[];
  /** Why the run cannot be judged (a fault that did not take effect); empty when it can. */
  inconclusive: string[];
  captures: CaptureStats[];
  /** `node --version` inside the nodes, which run the generators and the agent. */
  nodeInNodes: string;
}

export interface RunOptions {
  /** Where pcaps go (`<dir>/pcap/`). */
  dir: string;
  seed: number;
  signal?: AbortSignal;
  log: (line: string) => void;
}

/** Lead time between starting the generators and t0, so that every one is connected and waiting. */
const LEAD_MS = 1000;

/**
 * One run of a scenario on a fresh lab: start the agent and the application, capture every link,
 * run the traffic, inject the faults on the timeline, check that each took effect, collect, tear down.
 */
export async function runOnce(scenario: Scenario, options: RunOptions): Promise<RunRecord> {
  await mkdir(join(options.dir, 'pcap'), { recursive: true });
  await using lab = await up(scenario.topology, { ...(options.signal ? { signal: options.signal } : {}), log: options.log });
  const agent = AGENTS[scenario.agent.kind];
  const agentContext: AgentContext = { lab, scenario, log: options.log };
  const events: RunEvent[] = [{ t: now(), source: 'runner', kind: 'run-start', detail: `lab up in ${Math.round(lab.upMs)} ms` }];
  try {
    return await runOnLab(lab, agent, agentContext, options, events);
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw await keptWith(error, agent, agentContext, options.dir, events);
  }
}

/**
 * A run that failed (an agent that never settled, a restarted node whose agent was not back, …)
 * takes its lab down with it: what the runner and the agents said until then is kept first, in
 * `<dir>/events.ndjson` and `<dir>/logs/`, and the error says where. Not for Ctrl-C: that stops
 * at once.
 */
async function keptWith(error: unknown, agent: AgentPlugin, ctx: AgentContext, dir: string, events: RunEvent[]): Promise<HatcpError> {
  const kept = await Promise.all([
    agent.events(ctx).then((own) => writeFile(join(dir, 'events.ndjson'), toNdjson([...events, ...own].sort((a, b) => a.t - b.t)))),
    keepLogs(agent, ctx, dir),
  ]).then(() => `read the runner's and the agents' events and logs until then, kept in ${dir}/ (events.ndjson, logs/)`, (e: Error) => `the events and logs until then could not be kept: ${e.message}`);
  if (!(error instanceof HatcpError)) return new HatcpError(error instanceof Error ? error.message : String(error), { hint: kept, cause: error });
  return new HatcpError(error.message, { hint: error.hint ? `${error.hint}; ${kept}` : kept, exitCode: error.exitCode, cause: error });
}

async function runOnLab(lab: Lab, agent: AgentPlugin, agentContext: AgentContext, options: RunOptions, events: RunEvent[]): Promise<RunRecord> {
  const { signal, log } = options;
  const { scenario } = agentContext;
  const history: Operation[] = [];
  const inconclusive: string[] = [];
  const pcapDir = join(options.dir, 'pcap');
  const ready = await agent.start(agentContext);
  events.push({ t: now(), source: 'runner', kind: 'agents-ready', ...(ready ? { detail: ready } : {}) });
  signal?.throwIfAborted();
  const nodeInNodes = (await lab.exec(scenario.traffic[0]!.from, ['node', '--version'])).stdout.trim();

  // One capture per node link (host side of its veth) and one per bridge, which holds the crash evidence.
  const captures = new Map<string, Capture>();
  const stats: CaptureStats[] = [];
  const captureNode = async (node: string, generation: number) => {
    if (scenario.capture === 'bridges') return;
    for (const link of lab.node(node).links) {
      const key = `${node}-${link.network}`;
      const previous = captures.get(key);
      if (previous) stats.push(await previous.stop());
      captures.set(key, await startCapture(link.hostIf, join(pcapDir, `${key}${generation ? `.${generation}` : ''}.pcap`)));
    }
  };
  const bridgeCaptures: { network: string; capture: Capture }[] = [];
  // Host-side sessions ready before t0, so that a fault costs no process start-up.
  const ip = new IpBatch();
  const nft = new NftSession();
  const tcSessions = new Map<string, TcSession>();
  const tc = async (node: string) => {
    let session = tcSessions.get(node);
    if (!session) tcSessions.set(node, session = new TcSession(await lab.pid(node)));
    return session;
  };
  try {
    // tc sessions for the nodes that will be impaired, started and answering before t0.
    for (const f of scenario.faults) if (f.action.kind === 'impair') for (const node of f.targets) await (await tc(node)).apply([], 'lo');
    for (const n of scenario.topology.networks) {
      bridgeCaptures.push({ network: n.name, capture: await startCapture(bridgeName(scenario.topology.name, n.name), join(pcapDir, `${n.name}.bridge.pcap`)) });
    }
    for (const node of lab.nodes.keys()) await captureNode(node, 0);
    await nft.apply([`add table ${partitionTable(scenario.topology.name)}`], partitionTable(scenario.topology.name));
    const t0 = Math.ceil(now() + LEAD_MS);
    const progress = new Progress();
    const generators = scenario.traffic.map((spec, i) => startGenerator(lab, scenario, spec, options.seed * 1000 + i, t0 + spec.startMs, (p) => progress.update(p)));
    const ticker = setInterval(() => log(progress.line(now() - t0)), 1000);
    await sleepUntil(t0, signal);
    events.push({ t: t0, source: 'runner', kind: 'traffic-start' });

    const restarts = new Map<string, number>();
    const crashes: { node: string; fault: string; applied: number }[] = [];
    /** Nodes crashed and not restarted: frozen behind their cut links until reaped. */
    const crashed = new Set<string>();
    // Reaped REAP_AFTER_MS after their crash (the takeover it causes is over by then), before a
    // restart, or once the traffic ends, whichever comes first.
    const reapTimers = new Map<string, NodeJS.Timeout>();
    const reaping = new Map<string, Promise<unknown>>();
    const reapNow = async (node: string) => {
      clearTimeout(reapTimers.get(node));
      reapTimers.delete(node);
      if (!reaping.has(node)) {
        reaping.set(node, reap(lab.node(node).containerId).then(
          (r) => log(`${node}: crashed node's ${r.killed} process(es) killed${r.running ? ', but Docker still reports it running' : ''}`),
          (error: Error) => log(`${node}: ${error.message}`),
        ));
      }
      await reaping.get(node);
    };
    try {
      for (const step of faultTimeline(scenario.faults)) {
        const scheduled = t0 + step.atMs;
        await sleepUntil(scheduled, signal);
        if (step.action.kind === 'restart') for (const node of step.targets) await reapNow(node);
        const outcome = await applyStep({
          lab, agent, agentContext, ip, nft, tc, crashed,
          onRestarted: async (node) => {
            // The node has a new network namespace: its tc session must enter that one.
            await tcSessions.get(node)?.close();
            tcSessions.delete(node);
            const generation = (restarts.get(node) ?? 0) + 1;
            restarts.set(node, generation);
            await captureNode(node, generation);
          },
        }, step);
        const base = { t: outcome.applied, source: 'injector' as const, fault: step.fault, action: step.action.kind, targets: step.targets, verified: outcome.verified, evidence: outcome.evidence };
        events.push(step.revert ? { ...base, kind: 'revert', scheduled } : { ...base, kind: 'fault', scheduled, applied: outcome.applied });
        log(`${step.id} ${stepLabel(step)}: ${outcome.verified ? 'took effect' : 'NOT VERIFIED'} at t+${((outcome.applied - t0) / 1000).toFixed(3)}s (${(outcome.applied - scheduled).toFixed(1)} ms after schedule) — ${outcome.evidence}`);
        if (!outcome.verified) inconclusive.push(`${step.id} ${stepLabel(step)} did not take effect: ${outcome.evidence}`);
        if (step.action.kind === 'crash' && !step.revert) for (const node of step.targets) {
          crashes.push({ node, fault: step.fault, applied: outcome.applied });
          crashed.add(node);
          reapTimers.set(node, setTimeout(() => void reapNow(node), REAP_AFTER_MS).unref());
        }
        if (step.action.kind === 'restart') for (const node of step.targets) {
          crashed.delete(node);
          reaping.delete(node);
        }
      }
      const results = await Promise.all(generators.map((g) => g.done));
      for (const r of results) history.push(...r.history);
      history.sort((a, b) => a.t - b.t);
      results.forEach((r, i) => {
        if (r.exitCode !== 0) inconclusive.push(`generator ${scenario.traffic[i]!.name} exited ${r.exitCode}: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`);
      });
    } finally {
      clearInterval(ticker);
    }
    events.push({ t: now(), source: 'runner', kind: 'traffic-end' });
    for (const node of crashed) await reapNow(node);
    await sleep(scenario.drainMs, undefined, signal ? { signal } : {});
    await thawPaused(lab.nodes.values(), events);
    const tEnd = now();

    for (const c of captures.values()) stats.push(await c.stop());
    for (const b of bridgeCaptures) stats.push(await b.capture.stop());
    inconclusive.push(...await crashEvidence(lab, crashes, events, bridgeCaptures.map((b) => ({ network: b.network, file: b.capture.file }))));
    events.push(...await agent.events(agentContext));
    await keepLogs(agent, agentContext, options.dir);
    inconclusive.push(...earlyTakeovers(events));
    events.push({ t: tEnd, source: 'runner', kind: 'run-end' });
    for (const s of stats) if (s.droppedByKernel > 0) log(`warning: tcpdump on ${s.iface} dropped ${s.droppedByKernel} packets; ${s.file} is incomplete`);
    return { t0, tEnd, history, events: events.sort((a, b) => a.t - b.t), inconclusive, captures: stats, nodeInNodes };
  } finally {
    await Promise.allSettled([...captures.values(), ...bridgeCaptures.map((b) => b.capture)].map((c) => c.stop()));
    await Promise.allSettled([ip.close(), nft.close(), ...[...tcSessions.values()].map((t) => t.close())]);
  }
}

/** Writes the agent's logs of every node into `<dir>/logs/<node>-<file name>`. */
async function keepLogs(agent: AgentPlugin, ctx: AgentContext, dir: string): Promise<void> {
  const logs = await agent.logs(ctx);
  if (logs.length === 0) return;
  await mkdir(join(dir, 'logs'), { recursive: true });
  await Promise.all(logs.map((l) => writeFile(join(dir, 'logs', `${l.node}-${basename(l.path)}`), l.text)));
}

/**
 * A node that decided to take over after the agents were ready and before the first fault: the
 * cluster lost its rest while the scenario began (heartbeats read late on a loaded machine), so the
 * fault did not hit the node it was meant for, and the run measures something else. In a run
 * with no fault, any takeover is such a one: nothing was meant to move. Decisions during the
 * agents' bring-up are theirs (the runner waits for the cluster to settle after them).
 */
export function earlyTakeovers(events: RunEvent[]): string[] {
  const fault = events.find((e) => e.source === 'injector' && e.kind === 'fault');
  const ready = agentsReadyAt(events);
  const cause = '(heartbeats read late on a loaded machine: see the loop-stalled events)';
  const start = events.find((e) => e.source === 'runner' && e.kind === 'traffic-start')?.t;
  return events
    .filter((e): e is Extract<RunEvent, { source: 'agent' }> => e.source === 'agent' && e.kind === 'decided' && e.t >= ready && e.t < (fault?.t ?? Infinity))
    .map((e) => fault
      ? `${e.node} decided to take over ${((fault.t - e.t) / 1000).toFixed(3)} s before the first fault (${e.detail ?? ''}): the cluster was not at rest, so the fault did not hit the node it was meant for ${cause}`
      : `${e.node} decided to take over${start !== undefined ? ` at ${((e.t - start) / 1000).toFixed(3)} s` : ''} though the scenario injects no fault (${e.detail ?? ''}): a failover nothing caused, so the run does not show what the scenario describes ${cause}`);
}

/** Resumes nodes left paused at the end (every fault is reverted before teardown). */
async function thawPaused(nodes: Iterable<{ name: string; containerId: string }>, events: RunEvent[]): Promise<void> {
  for (const node of nodes) {
    if (await thawIfFrozen(node.containerId)) {
      events.push({ t: now(), source: 'injector', kind: 'revert', fault: 'end', action: 'pause', targets: [node.name], verified: true, evidence: 'resumed at the end of the run' });
    }
  }
}

/**
 * Checks on the bridge captures that a crashed node sent nothing between its crash and its
 * restart (fail-stop). A frame in that window makes the run inconclusive and is quoted.
 */
async function crashEvidence(
  lab: { node(name: string): { links: { network: string; mac: string }[] } },
  crashes: { node: string; fault: string; applied: number }[],
  events: RunEvent[],
  bridges: { network: string; file: string }[],
): Promise<string[]> {
  const problems: string[] = [];
  for (const crash of crashes) {
    // Until the restart begins (its scheduled instant): the node it brings back may talk before the restart returns.
    const restart = events.find((e): e is Extract<RunEvent, { kind: 'fault' }> => e.source === 'injector' && e.kind === 'fault' && e.action === 'restart' && e.targets.includes(crash.node) && e.t > crash.applied);
    for (const link of lab.node(crash.node).links) {
      const bridge = bridges.find((b) => b.network === link.network);
      if (!bridge) continue;
      const frames = (await framesFromAfter(bridge.file, link.mac, crash.applied))
        .filter((line) => !restart || Number(line.split(' ')[0]) * 1000 < restart.scheduled);
      const evidence = frames.length === 0
        ? `bridge capture ${link.network}: no frame from ${crash.node} (${link.mac}) after the crash instant`
        : `bridge capture ${link.network}: ${frames.length} frames from ${crash.node} after the crash instant, first: ${frames[0]}`;
      events.push({ t: crash.applied, source: 'injector', kind: 'evidence', fault: crash.fault, targets: [crash.node], verified: frames.length === 0, evidence });
      if (frames.length > 0) problems.push(`crash of ${crash.node} was not fail-stop: ${evidence}`);
    }
  }
  return problems;
}
