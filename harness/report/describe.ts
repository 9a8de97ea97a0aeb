import { faultLabel } from '../metrics/fault-events.js';
import type { AgentConfig, Expectations, TrafficSpec } from '../scenario/types.js';
import type { ReportFault } from './types.js';

/** `keepalived (advert_int 1000 ms, preempt, vrid 51, priorities primary 150, standby 100)`. */
export function agentText(a: AgentConfig): string {
  switch (a.kind) {
    case 'none':
      return 'none (no failover: the VIP stays on the primary)';
    case 'keepalived': {
      const prio = Object.entries(a.priorities).map(([n, p]) => `${n} ${p}`).join(', ');
      return `keepalived (advert_int ${a.advertIntMs} ms, ${a.preempt ? 'preempt' : 'nopreempt'}, vrid ${a.virtualRouterId}${prio ? `, priorities ${prio}` : ''})`;
    }
    case 'hatcp':
      return `hatcp (heartbeat ${a.intervalMs} ms × ${a.misses} misses, witness policy ${a.witnessPolicy}, failback ${a.failback}, ${a.garpCount} gratuitous ARPs ${a.garpSpacingMs} ms apart)`;
  }
}

/** The agent in a table cell: `hatcp (3 × 50 ms)`, `hatcp IP only (3 × 50 ms)`, `keepalived (advert 1000 ms)`, `none`. */
export function agentBrief(a: AgentConfig): string {
  switch (a.kind) {
    case 'none':
      return 'none';
    case 'keepalived':
      return `keepalived (advert ${a.advertIntMs} ms)`;
    case 'hatcp':
      return `hatcp${a.tcpTakeover ? (a.mirror ? '' : ' no mirror') : ' IP only'} (${a.misses} × ${a.intervalMs} ms)`;
  }
}

/** `s1: stream 200 msg/s of 64 B for 12000 ms from client at 0 ms, reconnect`. */
export function trafficText(t: TrafficSpec): string {
  const tail = `from ${t.from}${t.startMs ? ` at ${t.startMs} ms` : ''}, ${t.reconnect ? 'reconnect' : 'no reconnect'}, stall timeout ${t.stallTimeoutMs} ms${t.connectTimeoutMs !== 200 ? `, connect timeout ${t.connectTimeoutMs} ms` : ''}`;
  switch (t.kind) {
    case 'stream':
      return `${t.name}: stream ${t.rate} msg/s of ${t.size} B for ${t.durationMs} ms ${tail}`;
    case 'rpc':
      return `${t.name}: rpc ${t.rate === 0 ? 'as fast as possible' : `${t.rate} req/s`} of ${t.size} B, ${t.concurrency} outstanding, for ${t.durationMs} ms ${tail}`;
    case 'bulk':
      return `${t.name}: bulk ${t.bytes} B ${t.direction} ${tail}`;
    case 'kv':
      return `${t.name}: kv ${t.rate} commands/s${t.dialect === 'resp' ? ' in RESP' : ''} for ${t.durationMs} ms ${tail}`;
    case 'lines':
      return `${t.name}: lines ${t.rate} lines/s for ${t.durationMs} ms ${tail}`;
  }
}

/** `f1 at 3000 ms: crash primary` (`for 5000 ms` when timed). */
export function faultText(f: ReportFault): string {
  return `${f.id} at ${f.atMs} ms: ${faultLabel(f)}${f.durationMs === null ? '' : ` for ${f.durationMs} ms`}`;
}

/** The YAML names of the expectations: `continuity`, `max_stall`, `max_recover`. */
export const EXPECTATION_NAMES = { continuity: 'continuity', maxStallMs: 'max_stall', maxRecoverMs: 'max_recover' } as const satisfies Record<keyof Expectations, string>;
