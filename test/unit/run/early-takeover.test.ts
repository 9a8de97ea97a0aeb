import { expect } from 'chai';
import type { RunEvent } from '../../../harness/history/types.js';
import { earlyTakeovers } from '../../../harness/run/run-once.js';

describe('run: a takeover after the agents were ready and before the first fault makes the run inconclusive', function () {
  const fault = { t: 10_000, source: 'injector', kind: 'fault', fault: 'f1', action: 'crash', targets: ['primary'], verified: true, evidence: '', scheduled: 10_000, applied: 10_000 } as RunEvent;
  const decided = (t: number) => ({ t, source: 'agent', node: 'standby', kind: 'decided', detail: 'take over 10.77.0.100/24 from primary' }) as RunEvent;

  it('names the node, how long before the fault, and why the run does not count', function () {
    const [problem, ...rest] = earlyTakeovers([decided(7_700), fault, decided(10_150)]);
    expect(rest).to.deep.equal([]);
    expect(problem).to.equal('standby decided to take over 2.300 s before the first fault (take over 10.77.0.100/24 from primary): the cluster was not at rest, so the fault did not hit the node it was meant for (heartbeats read late on a loaded machine: see the loop-stalled events)');
  });

  it('says nothing of takeovers while the agents were bringing themselves up (before agents-ready)', function () {
    const ready = { t: 8_000, source: 'runner', kind: 'agents-ready' } as RunEvent;
    expect(earlyTakeovers([decided(7_700), ready, fault])).to.deep.equal([]);
    expect(earlyTakeovers([decided(7_700), ready, decided(8_500), fault])).to.have.length(1);
  });

  it('says nothing of takeovers after the fault', function () {
    expect(earlyTakeovers([fault, decided(10_150)])).to.deep.equal([]);
  });

  it('in a run without faults, any takeover after the agents were ready is one nothing caused', function () {
    const ready = { t: 5_000, source: 'runner', kind: 'agents-ready' } as RunEvent;
    const start = { t: 6_000, source: 'runner', kind: 'traffic-start' } as RunEvent;
    expect(earlyTakeovers([decided(4_900), ready, start])).to.deep.equal([]);
    expect(earlyTakeovers([ready, start, decided(19_919)])).to.deep.equal([
      'standby decided to take over at 13.919 s though the scenario injects no fault (take over 10.77.0.100/24 from primary): a failover nothing caused, so the run does not show what the scenario describes (heartbeats read late on a loaded machine: see the loop-stalled events)',
    ]);
  });
});
