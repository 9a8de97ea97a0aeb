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
      'exec-program',
      'one-primary',
      'failover-roles',
      'priority-off-vrrp',
      'duplicate-traffic-name',
      'traffic-app-mismatch',
      'traffic-needs-app',
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
        location: { file, line: 42, column: 13 },
        field: 'faults.3.target',
        message: 'standby is not paused at 9s, so there is nothing to resume',
        hint: 'add a pause of standby before 9s, or remove this resume',
      },
    ]);
  });

  it('traffic-needs-app: kv traffic needs the kv app, stream/rpc/bulk need echo, and only lines meets stamp', async () => {
    const file = 'test/fixtures/scenarios/valid/full.yaml';
    const scenario = await loadScenario(file);
    const kinds = scenario.traffic.map((spec) => spec.kind);
    const issues = (app: 'echo' | 'kv' | 'stamp', traffic = scenario.traffic) =>
      checkScenarioRules({ ...scenario, service: { ...scenario.service, app }, traffic }).filter((issue) => issue.field.endsWith('.kind'));
    expect(issues('echo')).to.deep.equal([]);
    const kv = issues('kv');
    expect(kv.map((issue) => issue.field)).to.deep.equal(kinds.map((_, index) => `traffic.${index}.kind`));
    expect(kv[0]?.message).to.equal(`traffic ${scenario.traffic[0]?.name} (kind ${kinds[0]}) needs service.app: echo, but the service runs kv, which answers commands instead of returning the bytes it receives`);
    expect(kv[0]?.hint).to.equal('set service.app: echo, or use traffic of kind kv');
    const first = scenario.traffic[0]!;
    const mixed = issues('kv', [first, { ...first, kind: 'kv', name: 'kv9', rate: 100, dialect: 'line', durationMs: 1000 }]);
    expect(mixed.map((issue) => issue.hint)).to.deep.equal(['set service.app: echo, or use traffic of kind kv; a scenario serves one application, so kv traffic and stream, rpc, bulk or lines traffic cannot run together']);
    const stamp = issues('stamp', [{ ...first, kind: 'kv', name: 'kv9', rate: 100, dialect: 'line', durationMs: 1000 }]);
    expect(stamp.map(({ message, hint }) => ({ message, hint }))).to.deep.equal([
      { message: 'traffic kv9 (kind kv) needs service.app: kv, but the service runs stamp, which answers each line with the line and 8 random hex digits', hint: 'set service.app: kv, or use traffic of kind lines' },
    ]);
    expect(issues('stamp').map((issue) => issue.hint)).to.deep.equal(kinds.map(() => 'set service.app: echo, or use traffic of kind lines'));
  });

  it('traffic-needs-app: lines traffic meets echo, stamp or a program, and is the only traffic that meets stamp', async () => {
    const scenario = await loadScenario('test/fixtures/scenarios/valid/full.yaml');
    const first = scenario.traffic[0]!;
    const lines = { ...first, kind: 'lines' as const, name: 'l1', rate: 100, durationMs: 1000 };
    const issues = (service: Partial<typeof scenario.service>, traffic: (typeof scenario.traffic)[number][] = [lines]) =>
      checkScenarioRules({ ...scenario, service: { ...scenario.service, ...service }, traffic }).filter((issue) => issue.field.startsWith('traffic'));
    expect(issues({ app: 'stamp' })).to.deep.equal([]);
    expect(issues({ app: 'echo' })).to.deep.equal([]);
    expect(issues({ app: 'echo' }, [first, lines]), 'lines and stream traffic together against echo').to.deep.equal([]);
    expect(issues({ app: 'exec', exec: { command: ['cat'] } })).to.deep.equal([]);
    expect(issues({ app: 'kv' }).map(({ field, message, hint }) => ({ field, message, hint }))).to.deep.equal([
      {
        field: 'traffic.0.kind',
        message: 'traffic l1 (kind lines) needs service.app: echo or stamp, but the service runs kv, which answers commands instead of returning the bytes it receives',
        hint: 'set service.app: echo or stamp, or use traffic of kind kv',
      },
    ]);
    // With stream traffic beside it, only echo serves both: that is the app to suggest.
    expect(issues({ app: 'kv' }, [first, lines]).map((issue) => issue.hint)).to.deep.equal(['set service.app: echo, or use traffic of kind kv', 'set service.app: echo, or use traffic of kind kv']);
    const withStream = issues({ app: 'stamp' }, [first, lines]);
    expect(withStream.map(({ field, message, hint }) => ({ field, message, hint }))).to.deep.equal([
      {
        field: 'traffic.0.kind',
        message: `traffic ${first.name} (kind ${first.kind}) needs service.app: echo, but the service runs stamp, which answers each line with the line and 8 random hex digits`,
        hint: 'set service.app: echo, or use traffic of kind lines',
      },
    ]);
  });

  it('exec-program: app exec needs service.exec, and service.exec needs app exec; any traffic may meet a program', async () => {
    const file = 'test/fixtures/scenarios/valid/full.yaml';
    const scenario = await loadScenario(file);
    const issues = (service: Partial<typeof scenario.service>) => checkScenarioRules({ ...scenario, service: { ...scenario.service, ...service } }).filter((issue) => issue.field.startsWith('service'));
    expect(issues({ app: 'exec' }).map(({ field, message }) => ({ field, message }))).to.deep.equal([{ field: 'service.app', message: 'exec runs a program, but service.exec is missing' }]);
    expect(issues({ app: 'echo', exec: { command: ['cat'] } }).map(({ field, message, hint }) => ({ field, message, hint }))).to.deep.equal([
      { field: 'service.exec', message: 'service.exec is for app exec, but the app is echo', hint: 'set service.app: exec, or remove service.exec' },
    ]);
    const exec = checkScenarioRules({ ...scenario, service: { ...scenario.service, app: 'exec', exec: { command: ['cat'] } } });
    expect(exec, 'stream, rpc and bulk traffic against a program (here cat, an echo)').to.deep.equal([]);
    const first = scenario.traffic[0]!;
    const resp = { ...first, kind: 'kv' as const, name: 'r1', rate: 100, durationMs: 1000, dialect: 'resp' as const };
    const onKv = checkScenarioRules({ ...scenario, service: { ...scenario.service, app: 'kv' }, traffic: [resp] }).filter((issue) => issue.field.startsWith('traffic'));
    expect(onKv.map(({ field, message }) => ({ field, message }))).to.deep.equal([{ field: 'traffic.0.dialect', message: 'traffic r1 speaks RESP (the Redis protocol), but the service runs kv, which answers commands instead of returning the bytes it receives' }]);
    expect(checkScenarioRules({ ...scenario, service: { ...scenario.service, app: 'exec', exec: { command: ['redis-server'], connect: 6379 } }, traffic: [resp] }).filter((issue) => issue.field.startsWith('traffic'))).to.deep.equal([]);
  });
});
