import { expect } from 'chai';
import { faultTimeline, stepLabel } from '../../../harness/faults/timeline.js';
import type { FaultSpec } from '../../../harness/scenario/types.js';

const fault = (id: string, atMs: number, action: FaultSpec['action'], durationMs?: number): FaultSpec => ({ id, atMs, targets: ['primary'], action, durationMs });

describe('faults: timeline', function () {
  it('adds a revert step at at + duration and orders everything by time', function () {
    const steps = faultTimeline([
      fault('f1', 3000, { kind: 'pause' }, 2000),
      fault('f2', 4000, { kind: 'partition', peers: ['standby'], direction: 'both' }),
      fault('f3', 5000, { kind: 'heal' }),
    ]);
    expect(steps.map((s) => `${s.atMs} ${s.id} ${stepLabel(s)}`)).to.deep.equal([
      '3000 f1 pause primary',
      '4000 f2 partition primary from standby (both)',
      '5000 f1/revert resume primary',
      '5000 f3 heal primary',
    ]);
  });

  it('keeps a crash and a restart apart and needs no revert for them', function () {
    const steps = faultTimeline([fault('f1', 3000, { kind: 'crash' }), fault('f2', 6000, { kind: 'restart' })]);
    expect(steps.map((s) => [s.id, s.revert])).to.deep.equal([['f1', false], ['f2', false]]);
  });
});
