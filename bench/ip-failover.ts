// npm run bench:ip-failover [-- N]: N crashes of the primary under a reconnecting 200 msg/s stream,
// for the hatcp agent (heartbeat 50 ms × 3 misses, failback immediate), keepalived with the same
// detection budget (advert_int 50 ms) and keepalived with its defaults (advert_int 1 s), all in one
// run, each on its own fresh lab. Each crash is followed by a restart; the primary takes the VIP
// back (failback immediate, VRRP preempt) before the next crash.
//
// Per crash, from the run's own records:
//   to ARP     crash → the first ARP on the bridge capture that gives the VIP's new owner
//              (sender address = VIP; the crashed primary cannot send, so it is the standby's);
//   to client  crash → the first verified message the client sent after the crash (reconnected);
//   detection  hatcp: crash → `declared` on the standby; keepalived: crash → standby MASTER;
//   dec→ARP    hatcp: `decided` → that first ARP on the wire.
// Targets (issue): detection ≤ 50 × 3 + 50 ms; decided→ARP ≤ 20 ms p99; hatcp at least as fast as
// keepalived at equal settings and ≥ 10× faster than keepalived's defaults.
import { execa } from 'execa';
import { join } from 'node:path';
import { computeMetrics } from '../harness/metrics/index.js';
import { runOnce, type RunRecord } from '../harness/run/run-once.js';
import { defineScenario } from '../harness/scenario/load.js';
import type { Scenario } from '../harness/scenario/types.js';
import { median, quantile } from './stats.js';

const n = Number(process.argv[2] ?? 20);
const VIP = '10.77.0.100';
const VIP_HEX = `0x${VIP.split('.').map((o) => Number(o).toString(16).padStart(2, '0')).join('')}`;

interface Variant {
  name: string;
  agent: Record<string, unknown>;
  /** Restart after the crash, and the crash period. */
  restartAfterMs: number;
  cycleMs: number;
}

const variants: Variant[] = [
  // IP failover only (tcp_takeover false): the TCP takeover's own figures are bench:takeover's.
  { name: 'hatcp 50ms×3', agent: { kind: 'hatcp', interval: '50ms', misses: 3, failback: 'immediate', tcp_takeover: false }, restartAfterMs: 1000, cycleMs: 3000 },
  { name: 'keepalived advert 50ms', agent: { kind: 'keepalived', advert_int: '50ms' }, restartAfterMs: 1000, cycleMs: 3000 },
  { name: 'keepalived defaults (1s)', agent: { kind: 'keepalived' }, restartAfterMs: 5000, cycleMs: 10000 },
];

function scenarioOf(v: Variant): Scenario {
  const faults: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const at = 1000 + i * v.cycleMs;
    faults.push({ at: `${at}ms`, action: 'crash', target: 'primary' }, { at: `${at + v.restartAfterMs}ms`, action: 'restart', target: 'primary' });
  }
  return defineScenario({
    name: 'bench-ip-failover',
    topology: 'topologies/ha-lan.yaml',
    service: { vip: VIP, port: 7000, app: 'echo' },
    agent: v.agent,
    traffic: [{ kind: 'stream', rate: 200, duration: `${1000 + n * v.cycleMs}ms`, reconnect: true, stall_timeout: '250ms' }],
    faults,
  }, 'bench');
}

/** Epoch ms of every ARP frame whose sender address is the VIP, from the bridge capture. */
async function vipArps(dir: string): Promise<number[]> {
  const r = await execa('tcpdump', ['-r', join(dir, 'pcap', 'lan.bridge.pcap'), '-n', '-tt', `arp and arp[14:4] = ${VIP_HEX}`], { reject: false });
  return String(r.stdout).split('\n').filter(Boolean).map((l) => Number(l.split(' ')[0]) * 1000);
}

interface Figures { toArp: number[]; toClient: number[]; detection: number[]; decidedToArp: number[] }

async function measure(v: Variant): Promise<Figures> {
  const scenario = scenarioOf(v);
  const dir = join('results', 'bench-ip-failover', v.name.replace(/[^a-z0-9]+/gi, '-'));
  const record: RunRecord = await runOnce(scenario, { dir, seed: 1, log: () => undefined });
  if (record.inconclusive.length > 0) console.log(`  ${v.name}: inconclusive: ${record.inconclusive.join('; ')}`);
  const metrics = computeMetrics({ runId: 'bench', index: 0, seed: 1, scenario, t0: record.t0, tEnd: record.tEnd, history: record.history, events: record.events, inconclusive: record.inconclusive, environment: {} });
  const arps = await vipArps(dir);
  const f: Figures = { toArp: [], toClient: [], detection: [], decidedToArp: [] };
  const agentAt = (node: string, kind: string, after: number, before: number) =>
    record.events.find((e) => e.source === 'agent' && e.node === node && e.kind === kind && e.t > after && e.t < before)?.t;
  for (const fault of metrics.faults.filter((x) => x.action === 'crash')) {
    if (fault.appliedAtMs === null) continue;
    const crash = record.t0 + fault.appliedAtMs;
    const restart = crash + v.restartAfterMs;
    const arp = arps.find((t) => t > crash && t < restart);
    if (arp !== undefined) f.toArp.push(arp - crash);
    if (fault.recoverMs !== null) f.toClient.push(fault.recoverMs);
    const detected = v.agent.kind === 'hatcp' ? agentAt('standby', 'declared', crash, restart) : agentAt('standby', 'vrrp-master', crash, restart);
    if (detected !== undefined) f.detection.push(detected - crash);
    const decided = agentAt('standby', 'decided', crash, restart);
    if (decided !== undefined && arp !== undefined) f.decidedToArp.push(arp - decided);
  }
  return f;
}

const fmt = (values: number[]) => values.length === 0 ? 'n/a' : `${median(values).toFixed(1)} / ${quantile(values, 0.99).toFixed(1)} / ${quantile(values, 1).toFixed(1)}`;

const results = new Map<string, Figures>();
for (const v of variants) {
  console.log(`${v.name}: ${n} crashes…`);
  results.set(v.name, await measure(v));
}
console.log(`\n${n} crashes each; ms, p50 / p99 / max (count)`);
console.log(`${'agent'.padEnd(26)} ${'crash → VIP ARP'.padEnd(26)} ${'crash → client verified'.padEnd(26)} ${'detection'.padEnd(24)} decided → ARP`);
for (const [name, f] of results) {
  console.log(`${name.padEnd(26)} ${`${fmt(f.toArp)} (${f.toArp.length})`.padEnd(26)} ${`${fmt(f.toClient)} (${f.toClient.length})`.padEnd(26)} ${fmt(f.detection).padEnd(24)} ${fmt(f.decidedToArp)}`);
}
const h = results.get(variants[0]!.name)!;
const equal = results.get(variants[1]!.name)!;
const defaults = results.get(variants[2]!.name)!;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
console.log('');
console.log(`detection p99 ${quantile(h.detection, 0.99).toFixed(1)} ms ≤ 200 ms (50 × 3 + 50): ${verdict(quantile(h.detection, 0.99) <= 200)}`);
console.log(`decided → ARP p99 ${quantile(h.decidedToArp, 0.99).toFixed(1)} ms ≤ 20 ms: ${verdict(quantile(h.decidedToArp, 0.99) <= 20)}`);
console.log(`crash → ARP median: hatcp ${median(h.toArp).toFixed(1)} ms vs keepalived at equal settings ${median(equal.toArp).toFixed(1)} ms (×${(median(equal.toArp) / median(h.toArp)).toFixed(2)}): ${verdict(median(h.toArp) <= median(equal.toArp))}`);
console.log(`crash → ARP median: keepalived defaults ${median(defaults.toArp).toFixed(1)} ms, ×${(median(defaults.toArp) / median(h.toArp)).toFixed(1)} hatcp's (target ≥ 10): ${verdict(median(defaults.toArp) / median(h.toArp) >= 10)}`);
console.log(`crash → client median: hatcp ${median(h.toClient).toFixed(1)} ms, keepalived equal ${median(equal.toClient).toFixed(1)} ms, defaults ${median(defaults.toClient).toFixed(1)} ms`);
