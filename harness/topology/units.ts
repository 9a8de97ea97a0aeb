/** Units written in config files: rates, loss percentages, durations and byte counts. */
import { describeValue, fail, ok, type Checked } from './problem.js';

const NUMBER = '([0-9]+(?:\\.[0-9]+)?)';
const RATE = new RegExp(`^${NUMBER}(bit|kbit|mbit|gbit|bps|kbps|mbps|gbps)$`);
const LOSS = new RegExp(`^${NUMBER}%$`);
const DURATION = new RegExp(`^${NUMBER}(us|ms|s)$`);
const BYTES = new RegExp(`^${NUMBER}(B|KiB|MiB|GiB)$`);

/** Bits per second for one unit; the `…bps` units are bytes per second, as in tc. */
const RATE_UNITS: Record<string, number> = {
  bit: 1,
  kbit: 1e3,
  mbit: 1e6,
  gbit: 1e9,
  bps: 8,
  kbps: 8e3,
  mbps: 8e6,
  gbps: 8e9,
};

/** Milliseconds for one duration unit. */
const DURATION_UNITS: Record<string, number> = { us: 1e-3, ms: 1, s: 1e3 };

/** Bytes for one size unit (binary multiples). */
const BYTE_UNITS: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };

/** Regular expression source accepted for rate strings (for the JSON Schema). */
export const RATE_PATTERN = RATE.source;
/** Regular expression source accepted for loss strings (for the JSON Schema). */
export const LOSS_PATTERN = LOSS.source;
/** Regular expression source accepted for duration strings (for the JSON Schema). */
export const DURATION_PATTERN = DURATION.source;
/** Regular expression source accepted for byte-count strings (for the JSON Schema). */
export const BYTES_PATTERN = BYTES.source;

/** Parses a rate (`10mbit`, `500kbit`, `10mbps` = megabytes/s, or a number of bits/s) to whole bits per second. */
export function parseRate(input: string | number): Checked<number> {
  let bits: number;
  if (typeof input === 'number') {
    bits = input;
  } else {
    const match = RATE.exec(input);
    if (!match) {
      return fail(
        `${describeValue(input)} is not a rate: use a number with bit, kbit, mbit, gbit (bits/s) or bps, kbps, mbps, gbps (bytes/s), or a plain number of bits/s`,
        'write e.g. rate: 10mbit',
      );
    }
    bits = Number(match[1]) * (RATE_UNITS[match[2] ?? ''] ?? Number.NaN);
  }
  const rounded = Math.round(bits);
  if (!Number.isFinite(bits) || rounded < 1) {
    return fail(`rate ${String(input)} is not more than 0 bits/s`, 'remove rate for an unlimited link, or write e.g. rate: 10mbit');
  }
  return ok(rounded);
}

/** Parses a loss (`1%`, `0.5%`, or a number of percent) to a percentage in (0, 100]. */
export function parseLoss(input: string | number): Checked<number> {
  let percent: number;
  if (typeof input === 'number') {
    percent = input;
  } else {
    const match = LOSS.exec(input);
    if (!match) {
      return fail(
        `${describeValue(input)} is not a loss: use a percentage like 1% or 0.5%, or a plain number of percent`,
        'write e.g. loss: 1%',
      );
    }
    percent = Number(match[1]);
  }
  if (!(percent > 0 && percent <= 100)) {
    const shown = typeof input === 'number' ? `${input}%` : input;
    return fail(
      `loss ${shown} is out of range: it must be more than 0% and at most 100%`,
      percent > 0 ? 'use at most 100%' : 'remove loss for a link without loss',
    );
  }
  return ok(percent);
}

/**
 * Parses a duration (`20ms`, `1s`, `500us`, or a number of milliseconds) to milliseconds, at least 0,
 * rounded to the microsecond (so `1.1s` is 1100, not 1100.0000000000002). `example` shows the fix.
 */
export function parseDuration(input: string | number, field: string, example = '20ms'): Checked<number> {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) {
      return fail(`${field} ${input} must be 0 or more milliseconds`, `write e.g. ${field}: ${example}`);
    }
    return ok(roundToMicroseconds(input));
  }
  const match = DURATION.exec(input);
  if (!match) {
    return fail(
      `${describeValue(input)} is not a duration: use us, ms or s (e.g. 500us, 20ms, 1s) or a plain number of milliseconds`,
      `write e.g. ${field}: ${example}`,
    );
  }
  return ok(roundToMicroseconds(Number(match[1]) * (DURATION_UNITS[match[2] ?? ''] ?? Number.NaN)));
}

/** Milliseconds rounded to whole microseconds, the finest unit a file can name. */
function roundToMicroseconds(ms: number): number {
  return Math.round(ms * 1e3) / 1e3;
}

/** Parses a byte count (`64MiB`, `1.5KiB`, `512B`, or a plain number of bytes) to a whole number of bytes, at least 1. */
export function parseBytes(input: string | number, field: string, example: string): Checked<number> {
  let bytes: number;
  if (typeof input === 'number') {
    bytes = input;
  } else {
    const match = BYTES.exec(input);
    if (!match) {
      return fail(
        `${describeValue(input)} is not a byte count: use B, KiB, MiB or GiB (e.g. 512B, 64KiB, 1GiB) or a plain number of bytes`,
        `write e.g. ${field}: ${example}`,
      );
    }
    bytes = Number(match[1]) * (BYTE_UNITS[match[2] ?? ''] ?? Number.NaN);
  }
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    const why = Number.isFinite(bytes) && bytes >= 1 ? 'is not a whole number of bytes' : 'is not at least 1 byte';
    return fail(`${field} ${String(input)} ${why}`, `write e.g. ${field}: ${example}`);
  }
  return ok(bytes);
}

/** Formats milliseconds back into the unit a file would use (`0.5` → `500us`, `20` → `20ms`, `1500` → `1.5s`). */
export function formatDuration(ms: number): string {
  if (ms !== 0 && ms < 1) return `${Math.round(ms * 1000)}us`;
  if (ms >= 1000 && ms % 10 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
