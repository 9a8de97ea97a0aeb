import { expect } from 'chai';
import { bootedState, type MembershipState } from '../../../../agent/membership/state.js';
import { witnessVerdict } from '../../../../agent/membership/witness.js';
import { clusterConfigs, INTERVAL_MS, MISSES } from '../support/cluster.js';

const STANDBY = clusterConfigs()[1]!;

function withWitnessView(at: number | undefined, suspects: string[]): MembershipState {
  const state = bootedState(STANDBY, 0);
  const witness = state.peers.get('witness')!;
  if (at !== undefined) state.peers.set('witness', { ...witness, liveness: 'up', lastHeardAt: at, view: { at, suspects, heard: [{ node: 'primary', agoMs: 40 }] } });
  return state;
}

describe('agent membership: witness verdict', function () {
  const now = 10_000;
  const table: [string, MembershipState, string][] = [
    ['a fresh heartbeat that suspects the primary', withWitnessView(now - 10, ['primary']), 'agrees'],
    ['a fresh heartbeat that still hears the primary', withWitnessView(now - 10, []), 'hears'],
    ['a heartbeat exactly misses × interval old', withWitnessView(now - MISSES * INTERVAL_MS, ['primary']), 'silent'],
    ['no heartbeat at all', withWitnessView(undefined, []), 'silent'],
  ];
  for (const [what, state, verdict] of table) {
    it(`${verdict}: ${what}`, function () {
      expect(witnessVerdict(state, STANDBY, 'primary', now).verdict).to.equal(verdict);
    });
  }

  it('silent when the cluster has no witness', function () {
    const config = { ...STANDBY, nodes: STANDBY.nodes.filter((n) => n.role !== 'witness') };
    expect(witnessVerdict(bootedState(config, 0), config, 'primary', now)).to.deep.equal({ verdict: 'silent', detail: 'the cluster has no witness' });
  });
});
