import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ParseArgsConfig } from 'node:util';
import { HatcpError } from '../errors/hatcp-error.js';
import type { Report } from '../report/types.js';
import type { Scenario } from '../scenario/types.js';
import { duration, table } from './output.js';

interface Invocation {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
  signal: AbortSignal;
}

interface Command {
  summary: string;
  args: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(inv: Invocation): Promise<number>;
}

// Modules load per command: the CLI starts in a fraction of the time when it loads only what runs.
const ops = () => import('../lab/index.js');
const topologyLoader = () => import('../topology/load.js');

const out = (text: string) => process.stdout.write(`${text}\n`);
const log = (text: string) => process.stderr.write(`${text}\n`);

/** The default topology: what `hatcp demo` brings up. */
export const DEFAULT_TOPOLOGY = fileURLToPath(new URL('../../../topologies/ha-lan.yaml', import.meta.url));

export const commands: Record<string, Command> = {
  up: {
    summary: 'bring a topology up and leave it running',
    args: '<topology.yaml>',
    options: {},
    async run({ positionals, signal }) {
      const file = one(positionals, 'a topology file, e.g. topologies/ha-lan.yaml');
      const lab = await (await ops()).up(await (await topologyLoader()).loadTopology(file), { signal, log });
      out(table(['node', 'role', 'ip', 'container'], [...lab.nodes.values()].map((n) => [n.name, n.role, n.links.map((l) => `${l.ip} (${l.ifname})`).join(', '), n.container])));
      out(`\ntopology ${lab.topology.name} up in ${duration(lab.upMs)}; \`hatcp down ${lab.topology.name}\` removes it`);
      return 0;
    },
  },
  down: {
    summary: 'remove a running topology (by name or by its file)',
    args: '<name | topology.yaml>',
    options: {},
    async run({ positionals }) {
      const arg = one(positionals, 'a topology name (see `hatcp ls`) or its file');
      const name = arg.endsWith('.yaml') || arg.endsWith('.yml') ? (await (await topologyLoader()).loadTopology(arg)).name : arg;
      await (await ops()).requireEngine();
      const removed = await (await ops()).down(name);
      if (removed.containers.length + removed.networks.length === 0) {
        throw new HatcpError(`no topology named ${name} is up`, { hint: '`hatcp ls` lists what is up' });
      }
      out(`removed ${removed.containers.length} containers and ${removed.networks.length} networks of ${name}`);
      return 0;
    },
  },
  ls: {
    summary: 'list the topologies that are up',
    args: '',
    options: {},
    async run() {
      await (await ops()).requireEngine();
      const topologies = await (await ops()).listTopologies();
      if (topologies.length === 0) {
        out('no topology is up');
        return 0;
      }
      out(table(['topology', 'node', 'role', 'ip', 'state'], topologies.flatMap((t) => t.nodes.length === 0
        ? [[t.name, '-', '-', '-', `networks only: ${t.networks.join(', ')}`]]
        : t.nodes.map((n) => [t.name, n.name, n.role, n.ip, n.state]))));
      return 0;
    },
  },
  exec: {
    summary: 'run a command in a node; its exit code is hatcp\'s',
    args: '[-t topology] <node> -- <command…>',
    options: { topology: { type: 'string', short: 't' } },
    async run({ values, positionals }) {
      const [node, ...cmd] = positionals;
      if (!node || cmd.length === 0) throw new HatcpError('exec needs a node and a command', { hint: 'hatcp exec client -- ping -c1 primary', exitCode: 2 });
      await (await ops()).requireEngine();
      const topology = (values.topology as string | undefined) ?? (await onlyTopology(node));
      const { execIn, containerName } = await ops();
      const result = await execIn(containerName(topology, node), cmd, { stdout: process.stdout, stderr: process.stderr }).catch((error: unknown) => {
        throw new HatcpError(`cannot exec in node ${node} of topology ${topology}: ${(error as Error).message}`, { hint: '`hatcp ls` lists nodes that are up' });
      });
      return result.exitCode;
    },
  },
  clean: {
    summary: 'remove everything hatcp created on this machine (no topology file needed)',
    args: '',
    options: {},
    async run() {
      await (await ops()).requireEngine();
      const r = await (await ops()).clean();
      out(`removed ${r.containers.length} containers, ${r.networks.length} networks, ${r.interfaces.length} host interfaces, ${r.netfilterRules.length} netfilter rules`);
      for (const item of [...r.containers, ...r.networks, ...r.interfaces, ...r.netfilterRules]) out(`  ${item}`);
      return 0;
    },
  },
  doctor: {
    summary: 'check every precondition and say how to fix what fails',
    args: '',
    options: {},
    async run() {
      const results = await (await import('../doctor/checks.js')).runChecks();
      const mark = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' } as const;
      for (const r of results) {
        out(`${mark[r.status]}  ${r.name}: ${r.detail}`);
        if (r.status !== 'ok' && r.fix) out(`      fix: ${r.fix}`);
      }
      return results.some((r) => r.status === 'fail') ? 1 : 0;
    },
  },
  image: {
    summary: 'build the node image (`ensure`: only if its recipe changed)',
    args: 'build | ensure',
    options: {},
    async run({ positionals }) {
      const sub = positionals[0];
      if (sub !== 'build' && sub !== 'ensure') throw new HatcpError(`unknown image subcommand ${sub ?? '(none)'}`, { hint: 'hatcp image build, or hatcp image ensure', exitCode: 2 });
      await (await ops()).requireEngine();
      const info = await (await ops()).ensureNodeImage({ force: sub === 'build', log });
      out(`${info.tag} ${info.id.slice(7, 19)} ${Math.round(info.sizeBytes / 1e6)} MB`);
      return 0;
    },
  },
  run: {
    summary: 'run scenarios in turn (topology, agent, traffic, faults, metrics, report), several: then a side-by-side table; exit code = worst verdict',
    args: '<scenario.yaml>... [--repeat N] [--results DIR]',
    options: { repeat: { type: 'string' }, results: { type: 'string' } },
    async run({ values, positionals, signal }) {
      const options = { repeat: values.repeat as string | undefined, results: values.results as string | undefined, signal };
      if (positionals.length === 0) throw new HatcpError('run needs at least one scenario file', { hint: 'hatcp run scenarios/crash-hatcp.yaml scenarios/crash-keepalived.yaml', exitCode: 2 });
      if (positionals.length > 1) return runScenarioFiles(positionals, options);
      const file = one(positionals, 'a scenario file, e.g. scenarios/crash-keepalived.yaml');
      return runScenarioFile(file, options);
    },
  },
  report: {
    summary: 're-render report.json, report.md and timelines of a results directory',
    args: '<results/scenario/run-id>',
    options: {},
    async run({ positionals }) {
      const dir = one(positionals, 'a results directory');
      const report = await (await import('../run/run-scenario.js')).rerender(dir);
      out(`${dir}: verdict ${report.verdict}; report.md, report.json and timeline.svg rewritten`);
      return 0;
    },
  },
  compare: {
    summary: 'compare two report.json; exit 1 on a regression (Markdown table for CI summaries)',
    args: '<baseline.json> <run.json> [--tolerance PCT]',
    options: { tolerance: { type: 'string' } },
    async run({ values, positionals }) {
      const [base, current] = positionals;
      if (!base || !current || positionals.length !== 2) throw new HatcpError('compare needs two report.json files', { hint: 'hatcp compare baseline/report.json results/x/y/report.json --tolerance 10', exitCode: 2 });
      const tolerance = Number(values.tolerance ?? 10);
      if (!Number.isFinite(tolerance) || tolerance < 0) throw new HatcpError(`--tolerance ${String(values.tolerance)} is not a percentage`, { hint: 'e.g. --tolerance 10 for 10 %', exitCode: 2 });
      const { readReportFile } = await import('../report/read.js');
      const { compareReports, renderCompareMarkdown } = await import('../report/index.js');
      const result = compareReports(await readReportFile(base), await readReportFile(current), tolerance);
      out(renderCompareMarkdown(result));
      return result.regression ? 1 : 0;
    },
  },
  table: {
    summary: 'one table comparing scenarios side by side: connection kept, stall, recovery, losses, verdict',
    args: '<report.json | results dir>...',
    options: {},
    async run({ positionals }) {
      if (positionals.length === 0) throw new HatcpError('table needs at least one report.json or run directory', { hint: 'hatcp table results/crash-hatcp/<run-id> results/crash-keepalived/<run-id>', exitCode: 2 });
      const { readReportAt } = await import('../report/read.js');
      const { sideBySide, renderSideBySideMarkdown } = await import('../report/index.js');
      const inputs = [];
      for (const path of positionals) inputs.push(await readReportAt(path));
      out(renderSideBySideMarkdown(sideBySide(inputs)));
      return 0;
    },
  },
  demo: {
    summary: 'run the default failover scenario end to end, once (scenarios/crash-hatcp.yaml: the TCP takeover)',
    args: '',
    options: {},
    async run({ signal }) {
      return runScenarioFile(DEFAULT_SCENARIO, { repeat: '1', signal });
    },
  },
  smoke: {
    summary: 'bring up the default topology, check every node reaches every other, take it down',
    args: '[--keep]',
    options: { keep: { type: 'boolean' } },
    async run({ values, signal }) {
      const lab = await (await ops()).up(await (await topologyLoader()).loadTopology(DEFAULT_TOPOLOGY), { signal, log });
      try {
        out(`topology ${lab.topology.name} up in ${duration(lab.upMs)}`);
        const pairs = await (await ops()).reachability(lab);
        out(table(['from', 'to', 'ping'], pairs.map((p) => [p.from, p.to, p.ok ? p.detail : `FAILED: ${p.detail}`])));
        const failed = pairs.filter((p) => !p.ok).length;
        out(failed === 0 ? `\nsmoke check passed: ${pairs.length} pairs reachable` : `\nsmoke check FAILED: ${failed} of ${pairs.length} pairs unreachable`);
        return failed === 0 ? 0 : 1;
      } finally {
        if (!values.keep) await lab.down();
      }
    },
  },
};

/** The default failover scenario: what `hatcp demo` (README command 1) runs. */
export const DEFAULT_SCENARIO = fileURLToPath(new URL('../../../scenarios/crash-hatcp.yaml', import.meta.url));

/** Exit codes of `hatcp run` by verdict. */
const VERDICT_EXIT = { pass: 0, fail: 1, inconclusive: 3 } as const;

interface RunOptions {
  repeat?: string | undefined;
  results?: string | undefined;
  signal: AbortSignal;
}

async function runScenarioFile(file: string, options: RunOptions): Promise<number> {
  const scenario = await scenarioToRun(file, options);
  await (await ops()).requireEngine();
  const { report } = await runAndPrint(scenario, options);
  return VERDICT_EXIT[report.verdict];
}

/**
 * `hatcp run a.yaml b.yaml`: every file is loaded and checked before the first run starts (a typo
 * in the last one should not cost the first one's minutes), then each runs as one file would, then
 * the side-by-side table is printed and written to <results>/side-by-side.md.
 */
async function runScenarioFiles(files: string[], options: RunOptions): Promise<number> {
  const scenarios: Scenario[] = [];
  for (const file of files) scenarios.push(await scenarioToRun(file, options));
  await (await ops()).requireEngine();
  const { runSeries } = await import('../run/series.js');
  const finished: { dir: string; report: Report }[] = [];
  try {
    await runSeries(scenarios, (s) => runAndPrint(s, options), { signal: options.signal, onFinished: (r) => finished.push(r) });
  } catch (error) {
    if (finished.length > 0) log(`${finished.length} of ${files.length} scenarios finished; to compare them: hatcp table ${finished.map((f) => f.dir).join(' ')}`);
    throw error;
  }
  const { join } = await import('node:path');
  const { sideBySide, renderSideBySideMarkdown, worstVerdict } = await import('../report/index.js');
  const markdown = renderSideBySideMarkdown(sideBySide(finished.map((f) => ({ source: join(f.dir, 'report.json'), report: f.report }))));
  const file = join(options.results ?? 'results', 'side-by-side.md');
  await (await import('node:fs/promises')).writeFile(file, markdown);
  out(markdown);
  out(`side by side: ${file}`);
  return VERDICT_EXIT[worstVerdict(finished.map((f) => f.report.verdict))];
}

/** A scenario file loaded, with --repeat applied, and checked against this host. */
async function scenarioToRun(file: string, options: RunOptions): Promise<Scenario> {
  const { loadScenario, checkScenarioAgainstHost } = await import('../scenario/load.js');
  const scenario = await loadScenario(file);
  if (options.repeat !== undefined) {
    const n = Number(options.repeat);
    if (!Number.isInteger(n) || n < 1) throw new HatcpError(`--repeat ${options.repeat} is not a whole number ≥ 1`, { exitCode: 2 });
    scenario.repeat = n;
  }
  const { probeKernelFeature } = await import('../host/kernel-features.js');
  const { AGENTS } = await import('../agents/registry.js');
  checkScenarioAgainstHost(scenario, { netem: (await probeKernelFeature('sch_netem')).present, installedAgents: Object.keys(AGENTS) });
  return scenario;
}

/** Runs a loaded scenario into the results directory and prints its report.md. */
async function runAndPrint(scenario: Scenario, options: RunOptions): Promise<{ dir: string; report: Report }> {
  const { runScenario } = await import('../run/run-scenario.js');
  const { dir, report } = await runScenario(scenario, { resultsDir: options.results ?? 'results', signal: options.signal, log });
  const { readFile } = await import('node:fs/promises');
  out(await readFile(`${dir}/report.md`, 'utf8'));
  out(`results: ${dir}/ (report.md, report.json, history.ndjson, events.ndjson, pcap/, logs/, timeline.svg)`);
  return { dir, report };
}

/** The help text, generated from the command table. */
export function usage(): string {
  // A command line too long for the column puts its summary on the next line, in the column.
  const rows = Object.entries(commands).map(([name, c]) => {
    const line = `${name} ${c.args}`;
    return line.length <= 44 ? `  hatcp ${line.padEnd(44)} ${c.summary}` : `  hatcp ${line}\n  ${' '.repeat(50)} ${c.summary}`;
  });
  return `hatcp — TCP failover agent and Docker testbed\n\nusage:\n${rows.join('\n')}\n`;
}

function one(positionals: string[], what: string): string {
  const [first] = positionals;
  if (!first || positionals.length > 1) throw new HatcpError(`expected exactly one argument: ${what}`, { exitCode: 2 });
  if ((first.endsWith('.yaml') || first.endsWith('.yml')) && !existsSync(first) && what.includes('file')) {
    throw new HatcpError(`${first}: no such file`, { hint: 'topologies are in topologies/, e.g. topologies/ha-lan.yaml', exitCode: 2 });
  }
  return first;
}

async function onlyTopology(node: string): Promise<string> {
  const running = (await (await ops()).listTopologies()).filter((t) => t.nodes.some((n) => n.name === node));
  if (running.length === 1) return running[0]!.name;
  if (running.length === 0) throw new HatcpError(`no running topology has a node named ${node}`, { hint: '`hatcp ls` lists nodes that are up' });
  throw new HatcpError(`node ${node} exists in several topologies: ${running.map((t) => t.name).join(', ')}`, { hint: `pick one with -t, e.g. hatcp exec -t ${running[0]!.name} ${node} -- …`, exitCode: 2 });
}
