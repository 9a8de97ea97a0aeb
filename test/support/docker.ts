import { execa } from 'execa';
import { expect } from 'chai';
import { docker } from '../../harness/backends/docker/client.js';
import { BRIDGE_PREFIX, LABEL, labelFilter } from '../../harness/backends/docker/labels.js';
import { clean } from '../../harness/lab/clean.js';
import { down } from '../../harness/lab/down.js';
import { run } from '../../harness/host/run.js';

let engine: Promise<string | undefined> | undefined;

/** Why Docker tests cannot run here, or undefined when the engine answers. */
function engineProblem(): Promise<string | undefined> {
  engine ??= docker().ping().then(() => undefined, (e: Error) => `no Docker engine answers (${e.message}); start dockerd or run scripts/setup.sh`);
  return engine;
}

/**
 * Mocha hooks for a Docker tier suite: skip (saying why) when the machine has no engine, except in CI
 * where a missing engine is a failure; after each test, fail it if it left anything behind. What
 * was there before the test (someone's lab, a benchmark on this shared machine) is not the test's:
 * it is neither reported nor removed. What the test left is removed — by topology when the
 * machine had other hatcp objects, by `clean` when it had none.
 */
export function dockerSuite(): void {
  let existing: Set<string> = new Set();
  before(async function () {
    const problem = await engineProblem();
    if (problem && process.env.CI === 'true') throw new Error(`CI must have a Docker engine: ${problem}`);
    if (problem) this.skip();
  });
  beforeEach(async function () {
    existing = new Set(await leftovers());
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'pending') return;
    const left = (await leftovers()).filter((l) => !existing.has(l));
    if (left.length === 0) return;
    if (existing.size === 0) await clean();
    else for (const topology of await labelledTopologies(left)) await down(topology);
    throw new Error(`test left behind: ${left.join(', ')} (removed now)`);
  });
}

/** The topologies of the containers and networks among `left` (by their hatcp labels). */
async function labelledTopologies(left: string[]): Promise<Set<string>> {
  const filters = JSON.stringify(labelFilter());
  const [containers, networks] = await Promise.all([docker().listContainers({ all: true, filters }), docker().listNetworks({ filters })]);
  const topologies = new Set<string>();
  for (const c of containers) if (left.includes(`container ${c.Names[0]}`)) topologies.add(c.Labels[LABEL.topology] ?? '');
  for (const n of networks) if (left.includes(`network ${n.Name}`)) topologies.add(n.Labels?.[LABEL.topology] ?? '');
  topologies.delete('');
  return topologies;
}

/** Names of labelled containers and networks, and hatcp bridges, still present. */
export async function leftovers(): Promise<string[]> {
  const filters = JSON.stringify(labelFilter());
  const [containers, networks, links, rules, tables] = await Promise.all([
    docker().listContainers({ all: true, filters }),
    docker().listNetworks({ filters }),
    run('ip', ['-o', 'link', 'show']),
    run('iptables-save', []),
    run('nft', ['list', 'tables']),
  ]);
  const hostRules = rules.stdout.split('\n').filter((l) => l.includes('--comment hatcp'));
  const hostTables = tables.stdout.split('\n').filter((l) => /^table \S+ hatcp/.test(l));
  const bridges = links.stdout.split('\n').map((l) => l.split(': ')[1]?.replace(/@.*$/, '') ?? '').filter((n) => n.startsWith(BRIDGE_PREFIX));
  return [...containers.map((c) => `container ${c.Names[0]}`), ...networks.map((n) => `network ${n.Name}`), ...bridges.map((b) => `bridge ${b}`), ...hostRules.map((r) => `iptables ${r}`), ...hostTables];
}

/** Runs the hatcp CLI as a user would and returns what it printed and its exit code. */
export async function cli(args: string[], options: { cancelSignal?: AbortSignal } = {}) {
  const r = await execa('node', ['bin/hatcp.js', ...args], { reject: false, stdin: 'ignore', ...options });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** Number of veth interfaces on the host. */
export async function hostVethCount(): Promise<number> {
  const r = await run('ip', ['-o', 'link', 'show', 'type', 'veth']);
  return r.stdout.split('\n').filter(Boolean).length;
}

export { expect };
