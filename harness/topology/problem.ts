/** A problem with one value, before it is placed in a file: what is wrong and how to fix it. */
export interface Problem {
  message: string;
  hint: string;
}

/** The outcome of checking and converting one value. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: Problem };

/** A successful check carrying the converted value. */
export function ok<T>(value: T): Checked<T> {
  return { ok: true, value };
}

/** A failed check carrying what is wrong and how to fix it. */
export function fail<T = never>(message: string, hint: string): Checked<T> {
  return { ok: false, problem: { message, hint } };
}

/** Shows a value as the user wrote it: strings quoted, nothing as "nothing", collections by kind. */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}
