import { expect } from 'chai';
import { loadScenario } from '../../../harness/scenario/load.js';
import { SCENARIO_RULES, checkScenarioRules } from '../../../harness/scenario/rules.js';

describe('scenario: rules', () => {
  it('has the documented named rules', () => {
    expect(SCENARIO_RULES.map((rule) => rule.name)).to.deep.equal([
      'unknown-node',
      'vip-outside-networks',
      'vip-collides',
      'server-off-vip-network',
      'one-primary',
      'failover-roles',
      'priority-off-vrrp',
      'duplicate-traffic-name',
      'traffic-app-mismatch',
      'fault-before-traffic',
      'fault-after-traffic',
      'restart-without-crash',
      'resume-without-pause',
      'heal-without-partition',
      'fault-on-observer',
      'agent-kill-without-agent',
      'partition-peers',
      'impair-link',
      'expectation-without-fault',
    ]);
  });

  it('re-runs on a loaded scenario, placing issues at the fault as written (file index, target or targets)', async () => {
    const file = 'test/fixtures/scenarios/valid/full.yaml';
    const scenario = await loadScenario(file);
    expect(checkScenarioRules(scenario)).to.deep.equal([]);
    // f3 (resume standby at 9s) is the 4th fault in the file, written with target:
    scenario.faults = scenario.faults.filter((fault) => fault.id !== 'f2');
    expect(checkScenarioRules(scenario)).to.deep.equal([
      {
        location: { file, line: 41, column: 13 },
        field: 'faults.3.target',
        message: 'standby is not paused at 9s, so there is nothing to resume',
        hint: 'add a pause of standby before 9s, or remove this resume',
      },
    ]);
  });
});
