import { expect } from 'chai';
import { formatDuration, parseDuration, parseLoss, parseRate } from '../../../harness/topology/units.js';
import type { Checked } from '../../../harness/topology/problem.js';

/** The value of a successful check, or the failure message for a readable assertion. */
function valueOf(result: Checked<number>): number | string {
  return result.ok ? result.value : result.problem.message;
}

describe('topology: units', () => {
  it('converts rates to bits per second (bps units are bytes, as in tc)', () => {
    expect(valueOf(parseRate('100bit'))).to.equal(100);
    expect(valueOf(parseRate('500kbit'))).to.equal(500_000);
    expect(valueOf(parseRate('10mbit'))).to.equal(10_000_000);
    expect(valueOf(parseRate('1gbit'))).to.equal(1_000_000_000);
    expect(valueOf(parseRate('1.5mbit'))).to.equal(1_500_000);
    expect(valueOf(parseRate('10mbps'))).to.equal(80_000_000);
    expect(valueOf(parseRate('2kbps'))).to.equal(16_000);
    expect(valueOf(parseRate(64000))).to.equal(64000);
  });

  it('rejects unknown rate units, naming the accepted forms', () => {
    for (const bad of ['10mb', '10 mbit', '10Mbit', 'fast', '-1mbit', '']) {
      const result = parseRate(bad);
      expect(result.ok, bad).to.equal(false);
      if (!result.ok) expect(result.problem.message).to.contain('bit, kbit, mbit, gbit (bits/s) or bps, kbps, mbps, gbps (bytes/s)');
    }
    expect(valueOf(parseRate(0))).to.equal('rate 0 is not more than 0 bits/s');
    expect(valueOf(parseRate('0mbit'))).to.equal('rate 0mbit is not more than 0 bits/s');
  });

  it('converts loss to percent in (0, 100]', () => {
    expect(valueOf(parseLoss('1%'))).to.equal(1);
    expect(valueOf(parseLoss('0.5%'))).to.equal(0.5);
    expect(valueOf(parseLoss('100%'))).to.equal(100);
    expect(valueOf(parseLoss(2))).to.equal(2);
    expect(valueOf(parseLoss(0))).to.equal('loss 0% is out of range: it must be more than 0% and at most 100%');
    expect(valueOf(parseLoss('100.5%'))).to.equal('loss 100.5% is out of range: it must be more than 0% and at most 100%');
    expect(valueOf(parseLoss('1'))).to.equal('"1" is not a loss: use a percentage like 1% or 0.5%, or a plain number of percent');
  });

  it('converts durations to milliseconds', () => {
    expect(valueOf(parseDuration('20ms', 'delay'))).to.equal(20);
    expect(valueOf(parseDuration('1s', 'delay'))).to.equal(1000);
    expect(valueOf(parseDuration('500us', 'jitter'))).to.equal(0.5);
    expect(valueOf(parseDuration('0ms', 'delay'))).to.equal(0);
    expect(valueOf(parseDuration(15, 'delay'))).to.equal(15);
    expect(valueOf(parseDuration(-1, 'jitter'))).to.equal('jitter -1 must be 0 or more milliseconds');
    expect(valueOf(parseDuration('20 msec', 'delay'))).to.equal(
      '"20 msec" is not a duration: use us, ms or s (e.g. 500us, 20ms, 1s) or a plain number of milliseconds',
    );
  });

  it('formats durations back', () => {
    expect(formatDuration(5)).to.equal('5ms');
    expect(formatDuration(0.5)).to.equal('500us');
    expect(formatDuration(0)).to.equal('0ms');
  });
});
