import { expect } from 'chai';
import { ConfigError } from '../../../harness/errors/hatcp-error.js';
import { defineScenario } from '../../../harness/scenario/load.js';
import type { ScenarioInput } from '../../../harness/scenario/schema.js';

/** Runs a function that must throw a ConfigError and returns it. */
function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('no error thrown');
}

/** A scenario on an inline two-node topology; `extra` overrides fields. */
function input(extra: Partial<Record<keyof ScenarioInput, unknown>> = {}): Record<string, unknown> {
  return {
    name: 'in-code',
    topology: {
      name: 'in-code',
      networks: { lan: { subnet: '10.98.0.0/24' } },
      nodes: { c: { role: 'client', ip: '10.98.0.2' }, p: { role: 'primary', ip: '10.98.0.3' } },
    },
    service: { vip: '10.98.0.100', port: 8000 },
    agent: { kind: 'none' },
    traffic: [{ kind: 'stream', rate: 10, duration: 2000 }],
    ...extra,
  };
}

describe('scenario: defineScenario', () => {
  it('builds a scenario from an object, like a file; numbers are milliseconds and bytes', () => {
    const typed = {
      name: 'typed',
      topology: 'topologies/ha-lan.yaml',
      service: { vip: '10.77.0.100', port: 7000 },
      agent: { kind: 'keepalived', advert_int: 200 },
      traffic: [{ kind: 'bulk', bytes: 4096 }],
    } satisfies ScenarioInput;
    const scenario = defineScenario(typed, 'bench/failover.ts');
    expect(scenario.source).to.equal('bench/failover.ts');
    expect(scenario.topology.source).to.equal('topologies/ha-lan.yaml');
    expect(scenario.agent).to.include({ kind: 'keepalived', advertIntMs: 200 });
    expect(scenario.traffic).to.deep.equal([{ kind: 'bulk', name: 'bulk1', from: 'client', startMs: 0, reconnect: false, stallTimeoutMs: 2000, connectTimeoutMs: 200, bytes: 4096, direction: 'both' }]);
  });

  it('takes an inline topology and uses <code> as source by default', () => {
    const scenario = defineScenario(input());
    expect(scenario.source).to.equal('<code>');
    expect(scenario.topology.source).to.equal('<code>');
    expect(scenario.topology.nodes.map((node) => node.name)).to.deep.equal(['c', 'p']);
    expect(scenario.traffic[0]).to.include({ from: 'c', durationMs: 2000 });
  });

  it('validates the same way, without line numbers (issues in rule order), naming faults by their index in the input', () => {
    const error = configErrorOf(() =>
      defineScenario(input({ faults: [{ at: 500, action: 'crash', target: 'c' }, { at: 100, action: 'restart', target: 'p' }], expect: { max_stall: 5 } })),
    );
    expect(error.message).to.equal(
      [
        'faults.1.target: p is not crashed at 100ms, so there is nothing to restart',
        '  fix: add a crash of p before 100ms, or remove this restart',
        'faults.0.target: c is the observer (it runs the traffic), so crash cannot target it: only partition and impair can',
        '  fix: target a server node (p), or use partition or impair on c',
      ].join('\n'),
    );
    expect(error.issues.every((issue) => issue.location === undefined)).to.equal(true);
  });

  it('names inline topology fields under topology.', () => {
    const error = configErrorOf(() => defineScenario(input({ topology: { name: 'x', networks: {}, nodes: { a: { role: 'client', ip: 5 } } } })));
    expect(error.message).to.equal(
      [
        'topology.networks: has no networks',
        '  fix: add at least one network, e.g. lan: { subnet: 10.77.0.0/24 }',
        'topology.nodes.a.ip: expected an IPv4 address, got 5',
        '  fix: write it like ip: 10.77.0.10',
      ].join('\n'),
    );
  });

  it('kv traffic speaks the line dialect by default, resp when asked, and nothing else', () => {
    const kv = (extra: Record<string, unknown>) => input({ service: { vip: '10.98.0.100', port: 8000, app: 'kv' }, traffic: [{ kind: 'kv', rate: 100, duration: 1000, ...extra }] });
    expect(defineScenario(kv({})).traffic[0]).to.include({ kind: 'kv', dialect: 'line' });
    const redis = { service: { vip: '10.98.0.100', port: 8000, app: 'exec', exec: { command: ['redis-server'], connect: 6379 } }, traffic: [{ kind: 'kv', rate: 100, duration: 1000, dialect: 'resp' }] };
    expect(defineScenario(input(redis)).traffic[0]).to.include({ kind: 'kv', dialect: 'resp' });
    expect(configErrorOf(() => defineScenario(kv({ dialect: 'foo' }))).message).to.equal('traffic.0.dialect: "foo" is not a valid dialect\n  fix: use one of: line, resp');
    expect(configErrorOf(() => defineScenario(input({ traffic: [{ kind: 'stream', rate: 10, duration: 2000, dialect: 'resp' }] }))).message).to.equal(
      'traffic.0.dialect: unknown key "dialect"\n  fix: dialect applies to traffic of kind kv, not stream; remove it',
    );
  });

  it('lines traffic takes a rate and a duration, meets the stamp app, and has no dialect or size', () => {
    const lines = (extra: Record<string, unknown>) => input({ service: { vip: '10.98.0.100', port: 8000, app: 'stamp' }, traffic: [{ kind: 'lines', rate: 50, duration: '3s', ...extra }] });
    expect(defineScenario(lines({ reconnect: true })).traffic).to.deep.equal([
      { kind: 'lines', name: 'lines1', from: 'c', startMs: 0, reconnect: true, stallTimeoutMs: 2000, connectTimeoutMs: 200, rate: 50, durationMs: 3000 },
    ]);
    expect(configErrorOf(() => defineScenario(lines({ dialect: 'line' }))).message).to.equal('traffic.0.dialect: unknown key "dialect"\n  fix: dialect applies to traffic of kind kv, not lines; remove it');
    expect(configErrorOf(() => defineScenario(lines({ size: 64 }))).message).to.equal('traffic.0.size: unknown key "size"\n  fix: size applies to traffic of kind stream, rpc, not lines; remove it');
    expect(configErrorOf(() => defineScenario(lines({ rate: 0 }))).message).to.equal('traffic.0.rate: rate 0 must be more than 0 lines/s\n  fix: write e.g. rate: 200');
    expect(configErrorOf(() => defineScenario(input({ service: { vip: '10.98.0.100', port: 8000, app: 'stamp' } }))).message).to.match(/^traffic\.0\.kind: traffic stream1 \(kind stream\) needs service\.app: echo, but the service runs stamp, .*\n {2}fix: set service\.app: echo, or use traffic of kind lines$/);
  });

  it('reports a topology path that does not exist at the topology field', () => {
    const error = configErrorOf(() => defineScenario(input({ topology: 'topologies/nope.yaml' })));
    expect(error.message).to.equal(
      'topology: topology file topologies/nope.yaml does not exist\n' +
        '  fix: give the path relative to this file (e.g. ../topologies/ha-lan.yaml for a file in scenarios/), or write the topology inline',
    );
  });

  it('rejects something that is not an object at all', () => {
    expect(configErrorOf(() => defineScenario(undefined)).message).to.equal(
      'the file is empty\n  fix: a scenario needs name, topology, service, agent and traffic; see scenarios/crash-keepalived.yaml',
    );
    expect(configErrorOf(() => defineScenario([1])).message).to.equal(
      'expected a mapping with name, topology, service, agent and traffic, got a list\n  fix: see scenarios/crash-keepalived.yaml for an example',
    );
  });
});
