import type { ErrorKind, Operation } from '../history/types.js';
import type { Continuity, GeneratorMetrics, Reconnect } from './types.js';
import { us } from './stats.js';

type Op<K extends Operation['kind']> = Extract<Operation, { kind: K }>;

/** Every error kind at zero. */
export function noErrors(): Record<ErrorKind, number> {
  return { reset: 0, refused: 0, timeout: 0, closed: 0, corrupt: 0, duplicate: 0, gap: 0, other: 0 };
}

/** Continuity of one generator from its own records (any order; sorted by time here). */
export function generatorContinuity(gen: string, ops: readonly Operation[], t0: number): GeneratorMetrics {
  const mine = ops.filter((o) => o.gen === gen).sort((a, b) => a.t - b.t);
  const of = <K extends Operation['kind']>(kind: K) => mine.filter((o): o is Op<K> => o.kind === kind);
  const sent = new Map(of('sent').map((o) => [o.seq, o.bytes]));
  const verified = of('verified');
  const errors = of('error');
  const verifiedSeqs = new Set(verified.map((o) => o.seq));
  const corruptSeqs = new Set(errors.filter((e) => e.error === 'corrupt' && e.seq !== undefined).map((e) => e.seq));
  const lostSeqs = [...sent.keys()].filter((s) => !verifiedSeqs.has(s) && !corruptSeqs.has(s));
  const counts = noErrors();
  for (const e of errors) counts[e.error]++;
  const c: Continuity = {
    survived: false,
    why: [],
    connections: of('connect').length,
    messagesSent: sent.size,
    messagesVerified: verified.length,
    bytesSent: sum([...sent.values()]),
    bytesVerified: sum(verified.map((o) => o.bytes)),
    lost: lostSeqs.length,
    lostBytes: sum(lostSeqs.map((s) => sent.get(s) ?? 0)),
    duplicated: counts.duplicate,
    corrupted: counts.corrupt,
    reordered: reordered(verified),
    resets: counts.reset,
    errors: counts,
    reconnects: of('reconnect').map((o): Reconnect => ({ gen, conn: o.conn, atMs: us(o.t - t0), afterMs: o.afterMs })),
  };
  c.why = whyNot(c, errors, t0);
  c.survived = c.why.length === 0;
  return { gen, ...c, notes: crossCheck(c, of('done')) };
}

/** All generators together: sums, and survived only when every one survived. */
export function overallContinuity(gens: readonly GeneratorMetrics[]): Continuity {
  const total = (f: (g: GeneratorMetrics) => number) => sum(gens.map(f));
  const errors = noErrors();
  for (const g of gens) for (const k of Object.keys(errors) as ErrorKind[]) errors[k] += g.errors[k];
  return {
    survived: gens.length > 0 && gens.every((g) => g.survived),
    why: gens.length === 0 ? ['no traffic generator recorded anything'] : gens.flatMap((g) => g.why.map((w) => `${g.gen}: ${w}`)),
    connections: total((g) => g.connections),
    messagesSent: total((g) => g.messagesSent),
    messagesVerified: total((g) => g.messagesVerified),
    bytesSent: total((g) => g.bytesSent),
    bytesVerified: total((g) => g.bytesVerified),
    lost: total((g) => g.lost),
    lostBytes: total((g) => g.lostBytes),
    duplicated: total((g) => g.duplicated),
    corrupted: total((g) => g.corrupted),
    reordered: total((g) => g.reordered),
    resets: total((g) => g.resets),
    errors,
    reconnects: gens.flatMap((g) => g.reconnects).sort((a, b) => a.atMs - b.atMs),
  };
}

function whyNot(c: Continuity, errors: readonly Op<'error'>[], t0: number): string[] {
  const why: string[] = [];
  if (c.connections === 0) why.push('never connected');
  if (c.connections > 1) why.push(`used ${c.connections} connections`);
  for (const kind of Object.keys(c.errors) as ErrorKind[]) {
    const first = errors.find((e) => e.error === kind);
    if (!first) continue;
    const n = c.errors[kind];
    why.push(`${n} ${kind} error${n === 1 ? '' : 's'}, first at ${((first.t - t0) / 1000).toFixed(3)} s on conn ${first.conn}: ${first.detail}`);
  }
  if (c.lost > 0) why.push(`${c.lost} message${c.lost === 1 ? '' : 's'} (${c.lostBytes} B) sent and never verified`);
  return why;
}

/** Verified messages that came back below the highest seq verified before them. */
function reordered(verified: readonly Op<'verified'>[]): number {
  let highest = -Infinity;
  let n = 0;
  for (const v of verified) {
    if (v.seq < highest) n++;
    highest = Math.max(highest, v.seq);
  }
  return n;
}

function crossCheck(c: Continuity, done: readonly Op<'done'>[]): string[] {
  const last = done.at(-1);
  if (!last) return ['no done record: the generator did not finish, its history may be cut short'];
  const pairs: [string, number, number][] = [
    ['sent', last.sent, c.messagesSent],
    ['verified', last.verified, c.messagesVerified],
    ['bytesSent', last.bytesSent, c.bytesSent],
    ['bytesVerified', last.bytesVerified, c.bytesVerified],
  ];
  return pairs.filter(([, said, seen]) => said !== seen).map(([name, said, seen]) => `done record says ${name} ${said}, the history has ${seen}`);
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
