// npm run bench:harness [-- ROUNDS SECONDS CYCLES]: the harness's own cost, in two parts.
//
// 1. Throughput. On one ha-lan lab with the echo service on the VIP, the `rpc` generator (closed
//    loop, one request outstanding, 64 B payload) and a minimal Node echo client (same container,
//    same VIP and port, same bytes per request, a bare write/wait-for-echo loop) run in turn,
//    ROUNDS times each for SECONDS seconds. Printed: medians, the ratio generator/minimal (target
//    ≥ 0.90), and the generator's RTT percentiles.
// 2. Fault scheduling. A scenario with CYCLES cycles of pause, partition, impair (each reverted
//    after 300 ms) and crash+restart runs under a 200 msg/s stream; for every fault and revert the
//    time from its scheduled instant to the instant the injector saw it take effect. Printed per
//    action: p50/p99/max (target p99 ≤ 10 ms for what the injector does itself; a restart includes
//    Docker starting the container).
import { readFromContainer } from '../harness/backends/docker/files.js';
import { DEPLOY_DIR } from '../harness/backends/docker/nodes.js';
import { AGENTS } from '../harness/agents/registry.js';
import { down } from '../harness/lab/down.js';
import { up } from '../harness/lab/up.js';
import type { Lab } from '../harness/lab/lab.js';
import { defineScenario } from '../harness/scenario/load.js';
import { runOnce } from '../harness/run/run-once.js';
import { median, quantile } from './stats.js';

const rounds = Number(process.argv[2] ?? 5);
const seconds = Number(process.argv[3] ?? 5);
const cycles = Number(process.argv[4] ?? 20);
const topology = 'topologies/ha-lan.yaml';
const vip = '10.77.0.100';
const port = 7000;
const PAYLOAD = 64;
/** The generator's frame: a 24-byte header (magic, length, seq, sent-at, crc32) around the payload. */
const FRAME = PAYLOAD + 24;
/** Both clients start this long after being launched: Node 18 in the node needs ~0.5 s to load the generator. */
const LEAD_MS = 2000;

const fmt = (n: number, digits = 1) => n.toFixed(digits);

// ---------------------------------------------------------------------------------------------
// 1. Verified operations per second: rpc generator vs a minimal echo client.

/** The minimal client: Node built-ins only, no framing, no checks beyond the byte count. */
const MINIMAL_CLIENT = `
const net = require('net');
const [host, port, size, startAt, endAt] = process.argv.slice(1).map((v, i) => (i === 0 ? v : Number(v)));
const request = Buffer.alloc(size, 7);
let ops = 0, got = 0;
setTimeout(() => {
  const s = net.connect({ host, port, noDelay: true }, () => s.write(request));
  s.on('data', (b) => {
    got += b.length;
    if (got < size) return;
    got -= size; ops++;
    if (Date.now() < endAt) s.write(request); else { console.log(ops); s.destroy(); }
  });
}, Math.max(0, startAt - Date.now()));
`;

async function minimalClient(lab: Lab): Promise<number> {
  const startAt = Date.now() + LEAD_MS;
  const r = await lab.exec('client', ['node', '-e', MINIMAL_CLIENT, vip, String(port), String(FRAME), String(startAt), String(startAt + seconds * 1000)]);
  if (r.exitCode !== 0) throw new Error(`minimal client failed: ${r.stderr}`);
  return Number(r.stdout.trim()) / seconds;
}

async function generator(lab: Lab, rtts: number[]): Promise<number> {
  const spec = { kind: 'rpc', name: 'rpc1', from: 'client', startMs: 0, reconnect: false, stallTimeoutMs: 2000, rate: 0, size: PAYLOAD, concurrency: 1, durationMs: seconds * 1000 };
  const historyFile = '/tmp/bench-rpc.ndjson';
  const args = JSON.stringify({ spec, host: vip, port, seed: 1, startAt: Date.now() + LEAD_MS, historyFile });
  const r = await lab.exec('client', ['node', `${DEPLOY_DIR}/dist/harness/traffic/gen/main.js`, args]);
  if (r.exitCode !== 0) throw new Error(`generator failed: ${r.stderr}`);
  let verified = 0;
  for (const line of (await readFromContainer(lab.node('client').containerId, historyFile)).split('\n')) {
    if (!line.includes('"verified"')) continue;
    const op = JSON.parse(line) as { kind: string; rttMs: number; bytes: number };
    if (op.kind !== 'verified') continue;
    if (op.bytes !== FRAME) throw new Error(`generator frames are ${op.bytes} B, the minimal client sends ${FRAME} B: fix FRAME`);
    verified++;
    rtts.push(op.rttMs);
  }
  return verified / seconds;
}

async function throughput(): Promise<void> {
  const scenario = defineScenario({
    name: 'bench-rpc', topology, service: { vip, port, app: 'echo' }, agent: { kind: 'none' },
    traffic: [{ kind: 'rpc', duration: `${seconds}s` }],
  }, 'bench');
  await using lab = await up(scenario.topology);
  await AGENTS.none.start({ lab, scenario, log: () => undefined });
  await generator(lab, []); // warm-up of both paths
  await minimalClient(lab);
  const gen: number[] = [];
  const min: number[] = [];
  const rtts: number[] = [];
  for (let i = 0; i < rounds; i++) {
    gen.push(await generator(lab, rtts));
    min.push(await minimalClient(lab));
    console.log(`round ${i + 1}/${rounds}: rpc generator ${fmt(gen.at(-1)!, 0)} ops/s, minimal client ${fmt(min.at(-1)!, 0)} ops/s`);
  }
  const ratio = median(gen) / median(min);
  console.log(`\nverified operations per second, ${rounds} × ${seconds} s each, ${FRAME} B requests, one outstanding`);
  console.log(`  rpc generator (framed, checksummed, every op recorded)  median ${fmt(median(gen), 0)} ops/s  (min ${fmt(Math.min(...gen), 0)}, max ${fmt(Math.max(...gen), 0)})`);
  console.log(`  minimal Node echo client (same path)                    median ${fmt(median(min), 0)} ops/s  (min ${fmt(Math.min(...min), 0)}, max ${fmt(Math.max(...min), 0)})`);
  console.log(`  ratio generator/minimal ${fmt(ratio, 3)}  target ≥ 0.90: ${ratio >= 0.9 ? 'PASS' : 'MISS'}`);
  console.log(`  generator RTT p50 ${fmt(quantile(rtts, 0.5), 3)} ms, p99 ${fmt(quantile(rtts, 0.99), 3)} ms, max ${fmt(quantile(rtts, 1), 3)} ms (${rtts.length} ops)`);
}

// ---------------------------------------------------------------------------------------------
// 2. Scheduling error of each fault kind.

async function scheduling(): Promise<void> {
  const CYCLE = 4000;
  const faults: unknown[] = [];
  for (let c = 0; c < cycles; c++) {
    const at = (ms: number) => `${c * CYCLE + 500 + ms}ms`;
    faults.push(
      { at: at(0), action: 'pause', target: 'primary', duration: '300ms' },
      { at: at(800), action: 'partition', target: 'primary', peers: ['standby', 'witness'], duration: '300ms' },
      { at: at(1600), action: 'impair', target: 'client', impair: { rate: '50mbit' }, duration: '300ms' },
      { at: at(2400), action: 'crash', target: 'primary' },
      { at: at(3000), action: 'restart', target: 'primary' },
    );
  }
  const scenario = defineScenario({
    name: 'bench-faults', topology, service: { vip, port, app: 'echo' }, agent: { kind: 'none' },
    traffic: [{ kind: 'stream', rate: 200, duration: `${cycles * CYCLE + 500}ms`, reconnect: true }],
    faults,
  }, 'bench');
  const record = await runOnce(scenario, { dir: 'results/bench-harness', seed: 1, log: () => undefined });
  const errors = new Map<string, number[]>();
  const unverified: string[] = [];
  for (const e of record.events) {
    if (e.source !== 'injector' || (e.kind !== 'fault' && e.kind !== 'revert') || e.scheduled === undefined) continue;
    const name = e.kind === 'fault' ? e.action : { pause: 'resume', partition: 'heal', impair: 'unimpair' }[e.action] ?? `revert ${e.action}`;
    if (!errors.has(name)) errors.set(name, []);
    errors.get(name)!.push(e.t - e.scheduled);
    if (!e.verified) unverified.push(`${e.fault} ${name}: ${e.evidence}`);
  }
  console.log(`\nfault scheduling error (applied − scheduled), ${cycles} cycles under a 200 msg/s stream`);
  console.log(`  ${'action'.padEnd(10)} ${'n'.padStart(4)} ${'p50'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)}  target p99 ≤ 10 ms`);
  for (const [name, values] of errors) {
    const p99 = quantile(values, 0.99);
    const verdict = name === 'restart' ? 'n/a (Docker starts the container)' : p99 <= 10 ? 'PASS' : 'MISS';
    console.log(`  ${name.padEnd(10)} ${String(values.length).padStart(4)} ${fmt(quantile(values, 0.5), 2).padStart(8)} ${fmt(p99, 2).padStart(8)} ${fmt(Math.max(...values), 2).padStart(8)}  ${verdict}`);
  }
  for (const [name, values] of errors) {
    const worst = values.indexOf(Math.max(...values));
    if (quantile(values, 0.99) > 10 && name !== 'restart') console.log(`  ${name}: worst in cycle ${worst + 1} of ${values.length}; all: ${values.map((v) => fmt(v, 1)).join(' ')}`);
  }
  if (unverified.length > 0) console.log(`  NOT VERIFIED: ${unverified.join('; ')}`);
  if (record.inconclusive.length > 0) console.log(`  inconclusive: ${record.inconclusive.join('; ')}`);
}

await down('ha-lan'); // a lab left by an interrupted run; other topologies are left alone
await throughput();
await scheduling();
