import { expect } from 'chai';
import { ConfigError } from '../../../harness/errors/hatcp-error.js';
import { checkScenarioAgainstHost, defineScenario, loadScenario } from '../../../harness/scenario/load.js';

const FULL = 'test/fixtures/scenarios/valid/full.yaml';

/** Runs a function that must throw a ConfigError and returns its message. */
function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('no error thrown');
}

describe('scenario: checkScenarioAgainstHost', () => {
  it('passes when netem is present and the agent kind is installed', async () => {
    const scenario = await loadScenario(FULL);
    expect(() => checkScenarioAgainstHost(scenario, { netem: true, installedAgents: ['none', 'keepalived'] })).not.to.throw();
  });

  it('refuses a fault that needs netem when the kernel lacks it, at the line of its delay', async () => {
    // The impair fault is written first in the file but is f5 on the timeline.
    const scenario = await loadScenario(FULL);
    expect(messageOf(() => checkScenarioAgainstHost(scenario, { netem: false, installedAgents: ['none', 'keepalived'] }))).to.equal(
      [
        `${FULL}:31:46 faults.0.impair.delay: fault f5 needs sch_netem for its delay, and this kernel does not have it`,
        '  fix: remove delay and jitter from this fault (rate and loss work without netem), or run on a kernel with sch_netem (see hatcp doctor)',
      ].join('\n'),
    );
  });

  it('refuses an agent kind this build does not have, together with netem problems', async () => {
    const scenario = await loadScenario(FULL);
    expect(messageOf(() => checkScenarioAgainstHost(scenario, { netem: false, installedAgents: ['none'] }))).to.equal(
      [
        `${FULL}:6:9 agent.kind: agent kind keepalived is not installed in this build (installed: none)`,
        '  fix: use one of: none',
        `${FULL}:31:46 faults.0.impair.delay: fault f5 needs sch_netem for its delay, and this kernel does not have it`,
        '  fix: remove delay and jitter from this fault (rate and loss work without netem), or run on a kernel with sch_netem (see hatcp doctor)',
      ].join('\n'),
    );
  });

  it('needs no netem for rate and loss; jitter alone is named as jitter; scenarios from code have no location', () => {
    const base = {
      name: 'host',
      topology: 'topologies/ha-lan.yaml',
      service: { vip: '10.77.0.100', port: 7000 },
      agent: { kind: 'none' },
      traffic: [{ kind: 'stream', rate: 10, duration: '10s' }],
    };
    const rateLoss = defineScenario({ ...base, faults: [{ at: '1s', action: 'impair', target: 'primary', impair: { rate: '1mbit', loss: '5%' } }] });
    expect(() => checkScenarioAgainstHost(rateLoss, { netem: false, installedAgents: ['none'] })).not.to.throw();
    const delayed = defineScenario({ ...base, faults: [{ at: '1s', action: 'impair', target: 'primary', impair: { delay: '5ms', jitter: '1ms' } }] });
    expect(messageOf(() => checkScenarioAgainstHost(delayed, { netem: false, installedAgents: ['none'] }))).to.match(/^faults\.0\.impair\.delay: fault f1 needs sch_netem/);
  });
});
