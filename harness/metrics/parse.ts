import type { ErrorKind, Operation, RunEvent } from '../history/types.js';

type FieldType = 'number' | 'string' | 'boolean' | 'string[]' | 'number?';
type Fields = Record<string, FieldType>;

const ERROR_KINDS: readonly ErrorKind[] = ['reset', 'refused', 'timeout', 'closed', 'corrupt', 'duplicate', 'gap', 'other'];

const OPERATION_FIELDS: Record<Operation['kind'], Fields> = {
  connect: { conn: 'number', ms: 'number' },
  sent: { conn: 'number', seq: 'number', bytes: 'number' },
  verified: { conn: 'number', seq: 'number', bytes: 'number', rttMs: 'number' },
  error: { conn: 'number', error: 'string', detail: 'string', seq: 'number?' },
  reconnect: { conn: 'number', afterMs: 'number' },
  done: { sent: 'number', verified: 'number', bytesSent: 'number', bytesVerified: 'number' },
};

const INJECTOR_FIELDS: Record<string, Fields> = {
  fault: { fault: 'string', action: 'string', targets: 'string[]', scheduled: 'number', applied: 'number', verified: 'boolean', evidence: 'string' },
  revert: { fault: 'string', action: 'string', targets: 'string[]', verified: 'boolean', evidence: 'string' },
  evidence: { fault: 'string', targets: 'string[]', verified: 'boolean', evidence: 'string' },
};

const RUNNER_KINDS = ['traffic-start', 'traffic-end', 'run-start', 'agents-ready', 'run-end'];

/** Parses history.ndjson (one Operation per line); throws naming the line of the first malformed record. */
export function parseHistory(text: string, file = 'history.ndjson'): Operation[] {
  return records(text, file, (r, where) => {
    checkFields(r, { t: 'number', gen: 'string', kind: 'string' }, where);
    const fields = OPERATION_FIELDS[r.kind as Operation['kind']];
    if (!fields) throw malformed(where, `kind "${String(r.kind)}" is not one of ${Object.keys(OPERATION_FIELDS).join(', ')}`);
    checkFields(r, fields, where);
    if (r.kind === 'error' && !ERROR_KINDS.includes(r.error as ErrorKind)) throw malformed(where, `error "${String(r.error)}" is not one of ${ERROR_KINDS.join(', ')}`);
    return r as Operation;
  });
}

/** Parses events.ndjson (one RunEvent per line); throws naming the line of the first malformed record. */
export function parseEvents(text: string, file = 'events.ndjson'): RunEvent[] {
  return records(text, file, (r, where) => {
    checkFields(r, { t: 'number', source: 'string', kind: 'string' }, where);
    switch (r.source) {
      case 'runner':
        if (!RUNNER_KINDS.includes(r.kind as string)) throw malformed(where, `runner kind "${String(r.kind)}" is not one of ${RUNNER_KINDS.join(', ')}`);
        break;
      case 'injector': {
        const fields = INJECTOR_FIELDS[r.kind as string];
        if (!fields) throw malformed(where, `injector kind "${String(r.kind)}" is not one of ${Object.keys(INJECTOR_FIELDS).join(', ')}`);
        checkFields(r, fields, where);
        break;
      }
      case 'agent':
        checkFields(r, { node: 'string' }, where);
        break;
      default:
        throw malformed(where, `source "${String(r.source)}" is not one of runner, injector, agent`);
    }
    return r as RunEvent;
  });
}

function records<T>(text: string, file: string, check: (r: Record<string, unknown>, where: string) => T): T[] {
  const out: T[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${file} line ${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw malformed(where, `not JSON (${(error as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed(where, 'not a JSON object');
    out.push(check(value as Record<string, unknown>, where));
  });
  return out;
}

function checkFields(r: Record<string, unknown>, fields: Fields, where: string): void {
  for (const [name, type] of Object.entries(fields)) {
    const v = r[name];
    const ok = type === 'number' ? typeof v === 'number' && Number.isFinite(v)
      : type === 'number?' ? v === undefined || (typeof v === 'number' && Number.isFinite(v))
      : type === 'string[]' ? Array.isArray(v) && v.every((x) => typeof x === 'string')
      : typeof v === type;
    if (!ok) throw malformed(where, `field "${name}" should be ${type === 'number?' ? 'a number or absent' : `a ${type}`}, got ${JSON.stringify(v) ?? 'nothing'}`);
  }
}

function malformed(where: string, why: string): Error {
  return new Error(`${where}: ${why}; the file was cut short or written by another version of hatcp (fix: re-run the scenario, or remove that line to render what remains)`);
}
