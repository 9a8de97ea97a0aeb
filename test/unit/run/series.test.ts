import { expect } from 'chai';
import { HatcpError } from '../../../harness/errors/hatcp-error.js';
import { runSeries } from '../../../harness/run/series.js';

describe('run: several scenarios in turn', function () {
  it('runs each in order and hands back every result', async function () {
    const seen: string[] = [];
    const results = await runSeries(['a', 'b', 'c'], async (x) => `${x}!`, { signal: new AbortController().signal, onFinished: (r) => seen.push(r) });
    expect(results).to.deep.equal(['a!', 'b!', 'c!']);
    expect(seen).to.deep.equal(['a!', 'b!', 'c!']);
  });

  it('an interrupt during one scenario starts no other: the series throws the interrupt', async function () {
    const controller = new AbortController();
    const started: string[] = [];
    const finished: string[] = [];
    const series = runSeries(['a', 'b', 'c'], async (x) => {
      started.push(x);
      // Ctrl-C while the first scenario runs, which (like a run past its last await) still returns.
      if (x === 'a') controller.abort(new HatcpError('interrupted', { exitCode: 130 }));
      return x;
    }, { signal: controller.signal, onFinished: (r) => finished.push(r) });
    const error = await series.then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(HatcpError).with.property('exitCode', 130);
    expect(started).to.deep.equal(['a']);
    expect(finished).to.deep.equal(['a']);
  });

  it('an interrupt during the last one still interrupts the series', async function () {
    const controller = new AbortController();
    const error = await runSeries(['a'], async (x) => {
      controller.abort(new HatcpError('interrupted', { exitCode: 130 }));
      return x;
    }, { signal: controller.signal }).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(HatcpError).with.property('message', 'interrupted');
  });
});
