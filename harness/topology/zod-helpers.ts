/** Small zod builders shared by the config file schemas (topology, scenario): checks that carry a fix. */
import { z } from 'zod';
import type { Checked, Problem } from './problem.js';

/** Adds a check that reports a Problem as a custom zod issue whose `params.hint` carries the fix. */
export function refined<T extends z.ZodType>(schema: T, check: (value: z.output<T>) => Problem | undefined): T {
  return schema.superRefine((value, ctx) => {
    const problem = check(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message, params: { hint: problem.hint } });
  });
}

/** Converts a value after parsing; a failed conversion becomes a custom issue with a hint. */
export function converted<I, O>(schema: z.ZodType<I>, convert: (value: I) => Checked<O>) {
  return schema.transform((value, ctx): O => {
    const result = convert(value);
    if (result.ok) return result.value;
    ctx.addIssue({ code: 'custom', message: result.problem.message, params: { hint: result.problem.hint } });
    return z.NEVER;
  });
}

/** A value given as a unit string or a plain number, converted to a number. */
export function unitSchema(pattern: string, convert: (value: string | number) => Checked<number>, description: string, example: string) {
  return converted(z.union([z.string().meta({ pattern }), z.number()]), convert).meta({ description, examples: [example] });
}

/** A check that a record has at least one entry. */
export function nonEmpty(what: string, example: string) {
  return (value: object): Problem | undefined =>
    Object.keys(value).length > 0 ? undefined : { message: `has no ${what}s`, hint: `add at least one ${what}, e.g. ${example}` };
}

/** Whether a parsed value is a mapping (so a shape check can look at its keys). */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
