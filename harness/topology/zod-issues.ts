/** Turns zod issues on a config file into ConfigIssues in plain words, placed at their YAML node. */
import type { z } from 'zod';
import type { ConfigIssue } from '../errors/hatcp-error.js';
import type { PathKey } from './field-docs.js';
import type { FileGuide } from './file-guide.js';
import { describeValue } from './problem.js';
import type { LocatePreference, SourceLocations } from './source-locations.js';

type ZodIssue = z.core.$ZodIssue;

/** Converts every zod issue, worded by `guide`; unknown keys become one issue per key, placed at the key. */
export function configIssuesFromZod(
  issues: readonly ZodIssue[],
  input: unknown,
  locations: SourceLocations | undefined,
  guide: FileGuide,
): ConfigIssue[] {
  const place = (path: PathKey[], message: string, hint: string | undefined, prefer: LocatePreference = 'auto'): ConfigIssue => ({
    location: locations?.locate(path, prefer),
    field: path.join('.'),
    message,
    hint,
  });
  const wrongValue = (path: PathKey[], values: readonly unknown[]): ConfigIssue => {
    const allowed = values.map(String).join(', ');
    const key = String(path.at(-1) ?? 'value');
    if (isMissing(input, path)) return place(path, 'is required', `add ${key}: one of ${allowed}`);
    return place(path, `${describeValue(valueAt(input, path))} is not a valid ${key}`, `use one of: ${allowed}`);
  };
  const translate = (issue: ZodIssue, prefix: readonly PathKey[]): ConfigIssue[] => {
    const path = [...prefix, ...issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key))];
    switch (issue.code) {
      case 'custom':
        return [place(path, issue.message, hintOf(issue))];
      case 'unrecognized_keys':
        return issue.keys.map((key) =>
          place([...path, key], `unknown key ${JSON.stringify(key)}`, guide.unknownKeyHint(path, key, valueAt(input, path)), 'key'),
        );
      case 'invalid_key': {
        const inner = issue.issues[0];
        const message = inner?.code === 'custom' ? inner.message : `${describeValue(path.at(-1))} is not a valid key`;
        return [place(path, message, inner ? hintOf(inner) : undefined, 'key')];
      }
      case 'invalid_union': {
        // A discriminated union whose `kind` (say) matches no option: the path ends at that key.
        if (issue.discriminator !== undefined && 'options' in issue && issue.options) return [wrongValue(path, issue.options)];
        // A value of the right type for exactly one option (e.g. a mapping where a path or a mapping is
        // allowed) is reported with that option's own issues, not as a wrong type.
        const fitting = issue.errors.filter((branch) => !branch.every(isWrongTypeHere));
        const [only] = fitting;
        if (fitting.length === 1 && only) return only.flatMap((inner) => translate(inner, path));
        return [wrongType(path)];
      }
      case 'invalid_type':
        return [wrongType(path)];
      case 'invalid_value':
        return [wrongValue(path, issue.values)];
      default:
        return [place(path, issue.message, undefined)];
    }
  };
  /** Message and hint for a missing field or a value of the wrong type. */
  const wrongType = (path: PathKey[]): ConfigIssue => {
    const value = valueAt(input, path);
    const doc = guide.doc(path);
    const key = String(path.at(-1) ?? '');
    if (path.length === 0) {
      if (value === null || value === undefined) return place(path, guide.empty.message, guide.empty.hint);
      return place(path, `expected ${doc.expect}, got ${describeValue(value)}`, guide.example);
    }
    if (isMissing(input, path)) return place(path, 'is required', `add ${doc.example(key)}`);
    return place(path, `expected ${doc.expect}, got ${describeValue(value)}`, `write it like ${doc.example(key)}`);
  };
  return issues.flatMap((issue) => translate(issue, []));
}

/** Whether an issue only says "this value has the wrong type" about the union's value itself. */
function isWrongTypeHere(issue: ZodIssue): boolean {
  return issue.path.length === 0 && (issue.code === 'invalid_type' || issue.code === 'invalid_union');
}

/** The hint a custom issue carries in `params.hint`. */
function hintOf(issue: ZodIssue): string | undefined {
  const hint: unknown = issue.code === 'custom' ? issue.params?.['hint'] : undefined;
  return typeof hint === 'string' ? hint : undefined;
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
