import { expect } from 'chai';
import { checkAdvertInt } from '../../../harness/scenario/values.js';
import type { Checked } from '../../../harness/topology/problem.js';
import { formatDuration, parseBytes, parseDuration } from '../../../harness/topology/units.js';

/** The value of a successful check, or the failure message. */
function valueOf(result: Checked<number>): number | string {
  return result.ok ? result.value : result.problem.message;
}

describe('scenario: values', () => {
  it('converts byte counts with binary units, whole bytes only', () => {
    expect(valueOf(parseBytes('64MiB', 'bytes', '64MiB'))).to.equal(64 * 1024 * 1024);
    expect(valueOf(parseBytes('1.5KiB', 'size', '64'))).to.equal(1536);
    expect(valueOf(parseBytes('512B', 'size', '64'))).to.equal(512);
    expect(valueOf(parseBytes(100, 'size', '64'))).to.equal(100);
    expect(valueOf(parseBytes('1.3B', 'size', '64'))).to.equal('size 1.3B is not a whole number of bytes');
    expect(valueOf(parseBytes(0, 'bytes', '64MiB'))).to.equal('bytes 0 is not at least 1 byte');
    expect(valueOf(parseBytes('64MB', 'bytes', '64MiB'))).to.equal(
      '"64MB" is not a byte count: use B, KiB, MiB or GiB (e.g. 512B, 64KiB, 1GiB) or a plain number of bytes',
    );
  });

  it('converts durations without floating-point residue, and formats them back in seconds', () => {
    expect(valueOf(parseDuration('1.1s', 'at'))).to.equal(1100);
    expect(valueOf(parseDuration('0.3s', 'at'))).to.equal(300);
    expect(formatDuration(3000)).to.equal('3s');
    expect(formatDuration(1500)).to.equal('1.5s');
    expect(formatDuration(1005)).to.equal('1005ms');
    expect(formatDuration(500)).to.equal('500ms');
  });

  it('accepts the advert_int values keepalived accepts', () => {
    for (const ok of [10, 500, 1000, 40_950, 41_000, 255_000]) expect(checkAdvertInt(ok), String(ok)).to.equal(undefined);
    expect(checkAdvertInt(5)?.message).to.equal('advert_int 5ms is below 10ms (keepalived counts advert_int in centiseconds)');
    expect(checkAdvertInt(1005)?.hint).to.equal('use e.g. 1010ms');
    expect(checkAdvertInt(256_000)?.message).to.equal("advert_int 256s is above keepalived's maximum of 255s");
    expect(checkAdvertInt(41_500)).to.deep.equal({
      message: 'advert_int 41.5s has a fraction of a second and is above 40.95s, the most VRRPv3 (needed for fractions) allows',
      hint: 'use whole seconds, e.g. 42s',
    });
  });
});
