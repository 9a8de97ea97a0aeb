/** Units of link impairments: rates, loss percentages and durations, as written in topology files. */
import { describeValue, fail, ok, type Checked } from './problem.js';

const NUMBER = '([0-9]+(?:\\.[0-9]+)?)';
const RATE = new RegExp(`^${NUMBER}(bit|kbit|mbit|gbit|bps|kbps|mbps|gbps)$`);
const LOSS = new RegExp(`^${NUMBER}%$`);
const DURATION = new RegExp(`^${NUMBER}(us|ms|s)$`);

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

/** Regular expression source accepted for rate strings (for the JSON Schema). */
export const RATE_PATTERN = RATE.source;
/** Regular expression source accepted for loss strings (for the JSON Schema). */
export const LOSS_PATTERN = LOSS.source;
/** Regular expression source accepted for duration strings (for the JSON Schema). */
export const DURATION_PATTERN = DURATION.source;

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

/** Parses a duration (`20ms`, `1s`, `500us`, or a number of milliseconds) to milliseconds, at least 0. */
export function parseDuration(input: string | number, field: 'delay' | 'jitter'): Checked<number> {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) {
      return fail(`${field} ${input} must be 0 or more milliseconds`, `write e.g. ${field}: ${field === 'delay' ? '20ms' : '5ms'}`);
    }
    return ok(input);
  }
  const match = DURATION.exec(input);
  if (!match) {
    return fail(
      `${describeValue(input)} is not a duration: use us, ms or s (e.g. 500us, 20ms, 1s) or a plain number of milliseconds`,
      `write e.g. ${field}: ${field === 'delay' ? '20ms' : '5ms'}`,
    );
  }
  return ok(Number(match[1]) * (DURATION_UNITS[match[2] ?? ''] ?? Number.NaN));
}

/** Formats milliseconds back into the shortest unit string (`0.5` → `500us`, `20` → `20ms`). */
export function formatDuration(ms: number): string {
  if (ms !== 0 && ms < 1) return `${Math.round(ms * 1000)}us`;
  return `${ms}ms`;
}
