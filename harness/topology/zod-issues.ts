/** Turns zod issues on a topology file into ConfigIssues in plain words, placed at their YAML node. */
import type { z } from 'zod';
import type { ConfigIssue } from '../errors/hatcp-error.js';
import { FIELD_DOCS, fieldKind, type PathKey } from './field-docs.js';
import { describeValue } from './problem.js';
import { OBJECT_KEYS } from './schema.js';
import type { LocatePreference, SourceLocations } from './source-locations.js';

type ZodIssue = z.core.$ZodIssue;

/** Converts every zod issue; unknown keys become one issue per key, placed at the key. */
export function configIssuesFromZod(
  issues: readonly ZodIssue[],
  input: unknown,
  locations: SourceLocations | undefined,
): ConfigIssue[] {
  const place = (path: PathKey[], message: string, hint: string | undefined, prefer: LocatePreference = 'auto'): ConfigIssue => ({
    location: locations?.locate(path, prefer),
    field: path.join('.'),
    message,
    hint,
  });
  return issues.flatMap((issue): ConfigIssue[] => {
    const path = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key));
    switch (issue.code) {
      case 'custom':
        return [place(path, issue.message, hintOf(issue))];
      case 'unrecognized_keys':
        return issue.keys.map((key) => place([...path, key], `unknown key ${JSON.stringify(key)}`, unknownKeyHint(path, key), 'key'));
      case 'invalid_key': {
        const inner = issue.issues[0];
        const message = inner?.code === 'custom' ? inner.message : `${describeValue(path.at(-1))} is not a valid key`;
        return [place(path, message, inner ? hintOf(inner) : undefined, 'key')];
      }
      case 'invalid_type':
      case 'invalid_union': {
        const { message, hint } = wrongType(path, input);
        return [place(path, message, hint)];
      }
      case 'invalid_value': {
        const allowed = issue.values.map(String).join(', ');
        const key = String(path.at(-1) ?? 'value');
        if (isMissing(input, path)) return [place(path, 'is required', `add ${key}: one of ${allowed}`)];
        return [place(path, `${describeValue(valueAt(input, path))} is not a valid ${key}`, `use one of: ${allowed}`)];
      }
      default:
        return [place(path, issue.message, undefined)];
    }
  });
}

/** The hint a custom issue carries in `params.hint`. */
function hintOf(issue: ZodIssue): string | undefined {
  const hint: unknown = issue.code === 'custom' ? issue.params?.['hint'] : undefined;
  return typeof hint === 'string' ? hint : undefined;
}

/** Message and hint for a missing field or a value of the wrong type. */
function wrongType(path: PathKey[], input: unknown): { message: string; hint: string } {
  const value = valueAt(input, path);
  const doc = FIELD_DOCS[fieldKind(path)];
  const key = String(path.at(-1) ?? '');
  if (path.length === 0) {
    if (value === null || value === undefined) {
      return { message: 'the file is empty', hint: 'a topology needs name, networks and nodes; see topologies/ha-lan.yaml' };
    }
    return { message: `expected ${doc.expect}, got ${describeValue(value)}`, hint: 'see topologies/ha-lan.yaml for an example' };
  }
  if (isMissing(input, path)) {
    return { message: 'is required', hint: `add ${doc.example(key)}` };
  }
  return { message: `expected ${doc.expect}, got ${describeValue(value)}`, hint: `write it like ${doc.example(key)}` };
}

/** A "did you mean" or "allowed keys" hint for an unknown key in the mapping at `path`. */
function unknownKeyHint(path: PathKey[], key: string): string {
  const kind = fieldKind(path);
  const allowed = OBJECT_KEYS[kind];
  if (!allowed) return 'remove it';
  const impairKeys = OBJECT_KEYS.impair ?? [];
  if ((kind === 'node' || kind === 'link') && impairKeys.includes(key)) {
    return `put it under impair, e.g. impair: { ${key}: … }`;
  }
  const close = allowed.find((candidate) => editDistance(candidate, key.toLowerCase()) <= (candidate.length <= 4 ? 1 : 2));
  if (close) return `did you mean ${close}?`;
  return `allowed keys here: ${allowed.join(', ')}`;
}

/** Levenshtein distance between two short strings. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The raw value at a path of the parsed input, or undefined. */
function valueAt(input: unknown, path: readonly PathKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PathKey, unknown>)[key];
  }
  return value;
}

/** Whether the field at `path` is absent from its mapping (an empty value `key:` is present). */
function isMissing(input: unknown, path: readonly PathKey[]): boolean {
  const parent = valueAt(input, path.slice(0, -1));
  const key = path.at(-1);
  return key !== undefined && parent !== null && typeof parent === 'object' && !Object.hasOwn(parent, key);
}
