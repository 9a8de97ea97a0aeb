import { expect } from 'chai';
import { HatcpError } from '../../../harness/errors/hatcp-error.js';
import { repeatRuns, runSeries, type SeriesStep } from '../../../harness/run/series.js';

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

describe('run: a scenario repeated, inconclusive runs run again', function () {
  /** Runs a series whose runs answer `inconclusive[i]`, and hands back every step it was told. */
  const series = async (repeat: number, rerun: number, inconclusive: boolean[]) => {
    const steps: SeriesStep[] = [];
    const setAside = await repeatRuns(repeat, rerun, async (step) => {
      steps.push(step);
      return inconclusive[step.index] ?? false;
    });
    return { setAside, steps: steps.map((s) => [s.index, s.counted, s.again, s.canSetAside]) };
  };

  it('without a budget, runs `repeat` times whatever the runs say', async function () {
    expect(await series(3, 0, [true, false, true])).to.deep.equal({ setAside: 0, steps: [[0, 0, 0, false], [1, 1, 0, false], [2, 2, 0, false]] });
  });

  it('runs again in place of each inconclusive run until `repeat` count', async function () {
    // Runs 0 and 2 inconclusive: 5 runs for 3 that count; run 3 is told it replaces 2 set aside.
    expect(await series(3, 2, [true, false, true, false, false])).to.deep.equal({
      setAside: 2,
      steps: [[0, 0, 0, true], [1, 0, 1, true], [2, 1, 1, true], [3, 1, 2, false], [4, 2, 2, false]],
    });
  });

  it('once the budget is spent an inconclusive run counts, so the series ends', async function () {
    expect(await series(2, 1, [true, true, true, true])).to.deep.equal({ setAside: 1, steps: [[0, 0, 0, true], [1, 0, 1, false], [2, 1, 1, false]] });
  });
});
