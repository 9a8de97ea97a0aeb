import { expect } from 'chai';
import { ownership } from '../../../harness/metrics/ownership.js';
import { agentEvent, fault, faultEvent, T0 } from './fixtures.js';

describe('metrics: VIP ownership', function () {
  it('finds the interval where the old VRRP master and the new one both held the VIP', function () {
    const o = ownership([
      agentEvent('primary', 'vrrp-master', -500),
      agentEvent('standby', 'vrrp-master', 2000),
      agentEvent('primary', 'vrrp-backup', 2300),
      agentEvent('primary', 'vrrp-master', 3000),
      agentEvent('standby', 'vrrp-backup', 3120.5),
    ], T0, T0 + 4000);
    expect(o.dual).to.deep.equal([
      { nodes: ['primary', 'standby'], fromMs: 2000, toMs: 2300 },
      { nodes: ['primary', 'standby'], fromMs: 3000, toMs: 3120.5 },
    ]);
    expect(o.dualMs).to.equal(420.5);
  });

  it('a crash ends the crashed node\'s holding; a handover at one instant is not dual ownership', function () {
    const f1 = fault('f1', 1000, { kind: 'crash' });
    const o = ownership([
      agentEvent('primary', 'vip-up', -100),
      faultEvent(f1, 1000),
      agentEvent('standby', 'vip-up', 1500),
      agentEvent('standby', 'vip-down', 2000),
      agentEvent('witness', 'vip-up', 2000),
    ], T0, T0 + 3000);
    expect(o).to.deep.equal({
      holdings: [{ node: 'primary', fromMs: -100, toMs: 1000 }, { node: 'standby', fromMs: 1500, toMs: 2000 }, { node: 'witness', fromMs: 2000, toMs: 3000 }],
      dual: [],
      dualMs: 0,
    });
  });

  it('three holders at once split the dual interval where the set changes', function () {
    const o = ownership([
      agentEvent('a', 'vip-up', 0), agentEvent('b', 'vip-up', 100), agentEvent('c', 'vip-up', 200), agentEvent('a', 'fenced', 300), agentEvent('b', 'vip-down', 400),
    ], T0, T0 + 1000);
    expect(o.dual).to.deep.equal([
      { nodes: ['a', 'b'], fromMs: 100, toMs: 200 },
      { nodes: ['a', 'b', 'c'], fromMs: 200, toMs: 300 },
      { nodes: ['b', 'c'], fromMs: 300, toMs: 400 },
    ]);
    expect(o.dualMs).to.equal(300);
  });

  it('counts from the agents\' readiness: a boot-time takeover and its dual ownership are not the scenario\'s', function () {
    const ready = { t: T0 - 1500, source: 'runner', kind: 'agents-ready' } as const;
    const o = ownership([
      agentEvent('primary', 'vip-up', -3000),
      agentEvent('standby', 'vip-up', -2000),
      agentEvent('standby', 'vip-down', -1970),
      agentEvent('standby', 'vip-up', -1600),
      agentEvent('standby', 'vip-down', -1400),
      ready,
      agentEvent('standby', 'vip-up', 2000),
      agentEvent('primary', 'vip-down', 2050),
    ], T0, T0 + 3000);
    expect(o.dual).to.deep.equal([
      { nodes: ['primary', 'standby'], fromMs: -1500, toMs: -1400 },
      { nodes: ['primary', 'standby'], fromMs: 2000, toMs: 2050 },
    ]);
    expect(o.dualMs).to.equal(150);
    expect(o.holdings.filter((h) => h.node === 'primary')).to.deep.equal([{ node: 'primary', fromMs: -1500, toMs: 2050 }]);
  });
});
