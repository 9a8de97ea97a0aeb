/** Builders for the scalar fields of a scenario file: durations, byte counts, whole numbers, node names. */
import { z } from 'zod';
import type { Checked, Problem } from '../topology/problem.js';
import { BYTES_PATTERN, DURATION_PATTERN, parseBytes, parseDuration } from '../topology/units.js';
import { refined, unitSchema } from '../topology/zod-helpers.js';

/** A further check of a converted value. */
type Check = (value: number) => Problem | undefined;

/** A converted value that must also pass `check`. */
function within(result: Checked<number>, check: Check | undefined): Checked<number> {
  const problem = result.ok && check ? check(result.value) : undefined;
  return problem ? { ok: false, problem } : result;
}

/** A duration (`3s`, `500ms`, or a number of milliseconds), converted to milliseconds. */
export function durationSchema(field: string, description: string, example: string, check?: Check) {
  return unitSchema(DURATION_PATTERN, (value) => within(parseDuration(value, field, example), check), `${description} A duration: us, ms or s, or a number of milliseconds.`, example);
}

/** A byte count (`64MiB`, `512B`, or a number of bytes), converted to bytes. */
export function bytesSchema(field: string, description: string, example: string, check?: Check) {
  return unitSchema(BYTES_PATTERN, (value) => within(parseBytes(value, field, example), check), `${description} B, KiB, MiB, GiB or a number of bytes.`, example);
}

/** A check that a duration is more than zero. */
export function positive(field: string, example: string): Check {
  return (ms) => (ms > 0 ? undefined : { message: `${field} must be more than 0`, hint: `write e.g. ${field}: ${example}` });
}

/** A check that a number lies in [min, max]. */
export function inRange(field: string, min: number, max: number, unit = ''): Check {
  return (value) => {
    if (value >= min && value <= max) return undefined;
    return {
      message: `${field} ${value}${unit} is out of range: it must be from ${min}${unit} to ${max}${unit}`,
      hint: value > max ? `use at most ${max}${unit}` : `use at least ${min}${unit}`,
    };
  };
}

/** A whole number in [min, max]. */
export function wholeNumberSchema(field: string, min: number, max: number, description: string, example: number) {
  return refined(z.number().int(), inRange(field, min, max)).meta({ description, minimum: min, maximum: max, examples: [example] });
}

/** The name of a node of the topology (checked against it by the rules). */
export const nodeRef = z.string().meta({ description: 'The name of a node of the topology.', examples: ['primary'] });

/** keepalived counts advert_int in centiseconds: VRRPv2 takes 1–255 s, VRRPv3 (any sub-second part) 0.01–40.95 s. */
export function checkAdvertInt(ms: number): Problem | undefined {
  const nearest = Math.max(10, Math.round(ms / 10) * 10);
  const resolution = 'keepalived counts advert_int in centiseconds';
  if (ms < 10) return { message: `advert_int ${ms}ms is below 10ms (${resolution})`, hint: 'use 10ms or more' };
  if (ms % 10 !== 0) return { message: `advert_int ${ms}ms is not a multiple of 10ms (${resolution})`, hint: `use e.g. ${nearest}ms` };
  if (ms > 255_000) return { message: `advert_int ${ms / 1000}s is above keepalived's maximum of 255s`, hint: 'use at most 255s' };
  if (ms % 1000 !== 0 && ms > 40_950) {
    return {
      message: `advert_int ${ms / 1000}s has a fraction of a second and is above 40.95s, the most VRRPv3 (needed for fractions) allows`,
      hint: `use whole seconds, e.g. ${Math.round(ms / 1000)}s`,
    };
  }
  return undefined;
}
