/**
 * The generator's one argument, a JSON object, checked at the edge. The scenario loader has
 * normally validated the spec already; this guards the process boundary (hand-run, other callers)
 * with errors that name the field. No zod: this runs inside nodes from dist/ without node_modules.
 */
import type { TrafficSpec } from '../../scenario/types.js';
import { HatcpError } from '../../errors/hatcp-error.js';
import { echoTrafficProblem } from '../echo-compat.js';

/** Everything one generator process needs. */
export interface GeneratorConfig {
  spec: TrafficSpec;
  /** The service IP (or name) and port to connect to. */
  host: string;
  port: number;
  /** The run's seed: message payloads and bulk bytes derive from it. */
  seed: number;
  /** Epoch ms to start at (the generator waits until then). */
  startAt: number;
  /** Epoch ms to stop sending at; default startAt + durationMs (stream, rpc, kv, lines), none for bulk. */
  endAt: number | undefined;
  /**
   * Where to write the operation history (NDJSON); stdout then carries one progress line per
   * second. Without it the history goes to stdout.
   */
  historyFile: string | undefined;
}

/** Largest payload of one stream/rpc message (16 MiB). */
export const MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

type Json = Record<string, unknown>;

/** Parses and checks the generator's JSON argument; throws a HatcpError naming the bad field. */
export function parseGeneratorConfig(text: string | undefined): GeneratorConfig {
  const usage = `usage: node harness/traffic/gen/main.js '{"spec":{…},"host":"10.77.0.100","port":7000,"seed":1,"startAt":<epoch ms>}'`;
  if (text === undefined || text.trim() === '') throw new HatcpError('traffic generator: missing its JSON argument', { hint: usage, exitCode: 2 });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new HatcpError(`traffic generator: its argument is not JSON (${(err as Error).message})`, { hint: usage, exitCode: 2 });
  }
  const top = object(raw, 'argument');
  const spec = parseSpec(object(top.spec, 'spec'));
  const problem = echoTrafficProblem(spec);
  if (problem) throw new HatcpError(problem.message, { hint: problem.hint, exitCode: 2 });
  const endAt = top.endAt === undefined ? undefined : finite(top.endAt, 'endAt');
  return {
    spec,
    host: text1(top.host, 'host'),
    port: integer(top.port, 'port', 1, 65535),
    seed: integer(top.seed, 'seed', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    startAt: finite(top.startAt, 'startAt'),
    endAt,
    historyFile: top.historyFile === undefined ? undefined : text1(top.historyFile, 'historyFile'),
  };
}

/**
 * Per-attempt connect timeout, by default (connect_timeout). The kernel retransmits an unanswered SYN only after 1 s (then 3 s),
 * so a reconnecting client that waited for it would measure the failover in 1 s steps; a fresh
 * attempt every 200 ms + 50 ms bounds that error at a quarter of a second, as an eager real client would.
 */
export const CONNECT_TIMEOUT_MS = 200;

function parseSpec(s: Json): TrafficSpec {
  const common = {
    name: text1(s.name, 'spec.name'),
    from: s.from === undefined ? '' : text1(s.from, 'spec.from'),
    startMs: s.startMs === undefined ? 0 : finite(s.startMs, 'spec.startMs'),
    reconnect: s.reconnect === undefined ? false : bool(s.reconnect, 'spec.reconnect'),
    stallTimeoutMs: s.stallTimeoutMs === undefined ? 2000 : integer(s.stallTimeoutMs, 'spec.stallTimeoutMs', 1, 3_600_000),
    connectTimeoutMs: s.connectTimeoutMs === undefined ? CONNECT_TIMEOUT_MS : integer(s.connectTimeoutMs, 'spec.connectTimeoutMs', 1, 3_600_000),
  };
  switch (s.kind) {
    case 'stream':
      return { ...common, kind: 'stream', rate: positive(s.rate, 'spec.rate'), size: integer(s.size, 'spec.size', 0, MAX_MESSAGE_SIZE), durationMs: integer(s.durationMs, 'spec.durationMs', 0, Number.MAX_SAFE_INTEGER) };
    case 'rpc':
      return {
        ...common,
        kind: 'rpc',
        rate: nonNegative(s.rate, 'spec.rate'),
        size: integer(s.size, 'spec.size', 0, MAX_MESSAGE_SIZE),
        concurrency: integer(s.concurrency, 'spec.concurrency', 1, 100_000),
        durationMs: integer(s.durationMs, 'spec.durationMs', 0, Number.MAX_SAFE_INTEGER),
      };
    case 'bulk': {
      const direction = s.direction;
      if (direction !== 'up' && direction !== 'down' && direction !== 'both') throw bad('spec.direction', direction, 'one of "up", "down", "both"');
      return { ...common, kind: 'bulk', bytes: integer(s.bytes, 'spec.bytes', 1, Number.MAX_SAFE_INTEGER), direction };
    }
    case 'kv': {
      const dialect = s.dialect === undefined ? 'line' : s.dialect;
      if (dialect !== 'line' && dialect !== 'resp') throw bad('spec.dialect', dialect, 'one of "line", "resp"');
      return { ...common, kind: 'kv', rate: positive(s.rate, 'spec.rate'), dialect, durationMs: integer(s.durationMs, 'spec.durationMs', 0, Number.MAX_SAFE_INTEGER) };
    }
    case 'lines':
      return { ...common, kind: 'lines', rate: positive(s.rate, 'spec.rate'), durationMs: integer(s.durationMs, 'spec.durationMs', 0, Number.MAX_SAFE_INTEGER) };
    default:
      throw bad('spec.kind', s.kind, 'one of "stream", "rpc", "bulk", "kv", "lines"');
  }
}

function bad(field: string, value: unknown, want: string): HatcpError {
  return new HatcpError(`traffic generator: ${field} is ${JSON.stringify(value) ?? 'missing'}; it must be ${want}`, { hint: `set ${field} in the generator's JSON argument`, exitCode: 2 });
}

function object(v: unknown, field: string): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(field, v, 'an object');
  return v as Json;
}

function text1(v: unknown, field: string): string {
  if (typeof v !== 'string' || v === '') throw bad(field, v, 'a non-empty string');
  return v;
}

function bool(v: unknown, field: string): boolean {
  if (typeof v !== 'boolean') throw bad(field, v, 'true or false');
  return v;
}

function finite(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(field, v, 'a finite number');
  return v;
}

function positive(v: unknown, field: string): number {
  const n = finite(v, field);
  if (!(n > 0)) throw bad(field, v, 'a number > 0');
  return n;
}

function nonNegative(v: unknown, field: string): number {
  const n = finite(v, field);
  if (n < 0) throw bad(field, v, 'a number ≥ 0 (0 = as fast as possible)');
  return n;
}

function integer(v: unknown, field: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw bad(field, v, `an integer in [${min}, ${max}]`);
  return v;
}

/** When the generator stops sending: `endAt` if given, else start + duration (stream, rpc, kv, lines), else never (bulk). */
export function sendingEndsAt(cfg: GeneratorConfig): number {
  if (cfg.endAt !== undefined) return cfg.endAt;
  switch (cfg.spec.kind) {
    case 'stream':
    case 'rpc':
    case 'kv':
    case 'lines':
      return cfg.startAt + cfg.spec.durationMs;
    case 'bulk':
      return Infinity;
  }
}
