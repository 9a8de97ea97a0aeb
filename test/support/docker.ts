import { execa } from 'execa';
import { expect } from 'chai';
import { docker } from '../../harness/backends/docker/client.js';
import { BRIDGE_PREFIX, labelFilter } from '../../harness/backends/docker/labels.js';
import { clean } from '../../harness/lab/clean.js';
import { run } from '../../harness/host/run.js';

let engine: Promise<string | undefined> | undefined;

/** Why Docker tests cannot run here, or undefined when the engine answers. */
function engineProblem(): Promise<string | undefined> {
  engine ??= docker().ping().then(() => undefined, (e: Error) => `no Docker engine answers (${e.message}); start dockerd or run scripts/setup.sh`);
  return engine;
}

/**
 * Mocha hooks for a Docker tier suite: skip (saying why) when the machine has no engine, except in CI
 * where a missing engine is a failure; after each test, fail it if anything labelled hatcp remains.
 */
export function dockerSuite(): void {
  before(async function () {
    const problem = await engineProblem();
    if (problem && process.env.CI === 'true') throw new Error(`CI must have a Docker engine: ${problem}`);
    if (problem) this.skip();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'pending') return;
    const left = await leftovers();
    if (left.length > 0) {
      await clean();
      throw new Error(`test left behind: ${left.join(', ')} (removed now by clean)`);
    }
  });
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
