/**
 * What the zod-issue translator needs to know about one kind of config file (topology, scenario):
 * what each field expects, which keys a mapping takes, and what to say about an empty file.
 */
import type { FieldDoc, PathKey } from './field-docs.js';
import type { Problem } from './problem.js';

/** The vocabulary of one kind of file, looked up by path in the parsed file. */
export interface FileGuide {
  /** What the field at `path` expects, and a line showing it. */
  doc(path: readonly PathKey[]): FieldDoc;
  /** The fix for an unknown `key` in the mapping at `path` (whose parsed value is `mapping`). */
  unknownKeyHint(path: readonly PathKey[], key: string, mapping: unknown): string;
  /** What to say when the file holds nothing. */
  empty: Problem;
  /** The fix when the file is not a mapping at all. */
  example: string;
}

/** "did you mean subnet?" when `key` is one typo away from an allowed key, else the list of allowed keys. */
export function allowedKeysHint(allowed: readonly string[], key: string): string {
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
