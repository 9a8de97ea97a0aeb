import { readdirSync } from 'node:fs';
import { expect } from 'chai';
import { loadScenario, parseScenario } from '../../../harness/scenario/load.js';
import { checkScenarioRules } from '../../../harness/scenario/rules.js';
import type { Scenario } from '../../../harness/scenario/types.js';
import { loadTopology } from '../../../harness/topology/load.js';

const VALID = 'test/fixtures/scenarios/valid';

describe('scenario: valid files', () => {
  it('normalises a small file with an inline topology exactly', async () => {
    const file = `${VALID}/small.yaml`;
    const link = (ip: string) => [{ network: 'lan', ip, ifname: 'eth0', impair: undefined }];
    const node = (name: string, role: 'client' | 'primary' | 'standby', ip: string) => ({ name, role, links: link(ip), addresses: [], image: undefined, env: {}, cpuWeight: role === 'standby' ? 8192 : 1024 });
    const expected: Scenario = {
      name: 'small',
      source: file,
      topology: {
        name: 'small',
        source: file,
        networks: [{ name: 'lan', subnet: '10.97.0.0/24', gateway: '10.97.0.1', hub: true }],
        nodes: [node('client', 'client', '10.97.0.10'), node('primary', 'primary', '10.97.0.11'), node('standby', 'standby', '10.97.0.12')],
      },
      service: { vip: '10.97.0.100', prefix: 24, network: 'lan', port: 7000, app: 'echo' },
      agent: { kind: 'keepalived', advertIntMs: 500, priorities: { primary: 150, standby: 120 }, preempt: true, virtualRouterId: 51 },
      traffic: [{ kind: 'stream', name: 'stream1', from: 'client', startMs: 0, reconnect: false, stallTimeoutMs: 2000, connectTimeoutMs: 200, rate: 100, size: 64, durationMs: 5000 }],
      faults: [{ id: 'f1', atMs: 2000, targets: ['primary'], action: { kind: 'crash' }, durationMs: undefined }],
      expect: {},
      repeat: 1,
      rerunInconclusive: 0,
      seed: 1,
      drainMs: 1000,
      capture: 'links',
    };
    expect(await loadScenario(file)).to.deep.equal(expected);
  });

  it('normalises every field: units, defaults, timeline order and ids, partition peers, impair network', async () => {
    const file = `${VALID}/full.yaml`;
    const scenario = await loadScenario(file);
    expect(scenario.topology).to.deep.equal(await loadTopology('topologies/ha-lan.yaml'));
    expect({ ...scenario, topology: scenario.topology.name }).to.deep.equal({
      name: 'full',
      source: file,
      topology: 'ha-lan',
      service: { vip: '10.77.0.100', prefix: 24, network: 'lan', port: 7100, app: 'echo' },
      agent: { kind: 'keepalived', advertIntMs: 1500, priorities: { primary: 200, standby: 100 }, preempt: false, virtualRouterId: 7 },
      traffic: [
        { kind: 'stream', name: 's1', from: 'client', startMs: 500, reconnect: true, stallTimeoutMs: 1000, connectTimeoutMs: 1500, rate: 50, size: 1024, durationMs: 20000 },
        { kind: 'rpc', name: 'rpc2', from: 'client', startMs: 0, reconnect: false, stallTimeoutMs: 2000, connectTimeoutMs: 200, rate: 0, size: 64, concurrency: 4, durationMs: 10000 },
        { kind: 'bulk', name: 'bulk3', from: 'client', startMs: 0, reconnect: false, stallTimeoutMs: 2000, connectTimeoutMs: 200, bytes: 1572864, direction: 'up' },
      ],
      faults: [
        { id: 'f1', atMs: 2000, targets: ['primary'], action: { kind: 'partition', peers: ['client', 'standby', 'witness'], direction: 'both' }, durationMs: 4000 },
        { id: 'f2', atMs: 7000, targets: ['standby'], action: { kind: 'pause' }, durationMs: undefined },
        { id: 'f3', atMs: 9000, targets: ['standby'], action: { kind: 'resume' }, durationMs: undefined },
        { id: 'f4', atMs: 10000, targets: ['primary'], action: { kind: 'agent-kill' }, durationMs: undefined },
        {
          id: 'f5',
          atMs: 12000,
          targets: ['client'],
          action: { kind: 'impair', network: 'lan', impair: { rateBps: 10_000_000, lossPercent: 1, delayMs: 20 } },
          durationMs: 3000,
        },
      ],
      expect: { continuity: false, maxStallMs: 500, maxRecoverMs: 5000 },
      repeat: 3,
      rerunInconclusive: 2,
      seed: 42,
      drainMs: 2000,
      capture: 'bridges',
    });
  });

  it('parses text with a topology path relative to the given file name', () => {
    const text = [
      'name: from-text',
      'topology: ../topologies/ha-lan.yaml',
      'service: { vip: 10.77.0.200, port: 9000 }',
      'agent: { kind: none }',
      'traffic: [{ kind: rpc, rate: 10, duration: 1s }]',
    ].join('\n');
    const scenario = parseScenario(text, 'scenarios/from-text.yaml');
    expect(scenario.topology.source).to.equal('topologies/ha-lan.yaml');
    expect(scenario.service).to.deep.equal({ vip: '10.77.0.200', prefix: 24, network: 'lan', port: 9000, app: 'echo' });
    expect(scenario.faults).to.deep.equal([]);
  });

  describe('shipped scenarios', () => {
    const files = readdirSync('scenarios').filter((name) => name.endsWith('.yaml')).sort();

    it('are the documented ones', () => {
      expect(files).to.deep.equal([
        'crash-handshake-hatcp.yaml', 'crash-hatcp-bulk.yaml', 'crash-hatcp-ip.yaml', 'crash-hatcp-kv.yaml', 'crash-hatcp-redis.yaml', 'crash-hatcp-rpc.yaml', 'crash-hatcp.yaml', 'crash-keepalived-fast.yaml', 'crash-keepalived.yaml', 'crash-none.yaml',
        'failback-immediate-hatcp.yaml', 'failback-migrate-hatcp.yaml', 'failback-newconn-hatcp.yaml', 'missed-handshake-hatcp.yaml', 'nondeterministic-hatcp.yaml', 'nowitness-avail-hatcp.yaml', 'nowitness-safety-hatcp.yaml',
        'partition-keepalived.yaml', 'partition-primary-hatcp.yaml', 'partition-standby-hatcp.yaml', 'pause-hatcp.yaml', 'pause-keepalived.yaml',
        'witness-crash-hatcp.yaml',
      ]);
    });

    it('crash-hatcp-ip: hatcp agent at 50 ms × 3, defaults filled, a client with a 250 ms stall timeout', async () => {
      const scenario = await loadScenario('scenarios/crash-hatcp-ip.yaml');
      expect(scenario.agent).to.deep.equal({
        kind: 'hatcp', intervalMs: 50, misses: 3, witnessPolicy: 'safety', failback: 'never', garpCount: 3, garpSpacingMs: 20, tcpTakeover: false, mirror: true, cacheCapMiB: 64, key: undefined,
      });
      expect(scenario.traffic[0]).to.include({ kind: 'stream', reconnect: true, stallTimeoutMs: 250, connectTimeoutMs: 200 });
      expect(scenario.expect).to.deep.equal({ maxRecoverMs: 1000 });
    });

    it('crash-hatcp-kv: the kv app, one kv generator at 200 commands/s for 6 s, crash at 3 s, run once', async () => {
      const scenario = await loadScenario('scenarios/crash-hatcp-kv.yaml');
      expect(scenario.service.app).to.equal('kv');
      expect(scenario.agent).to.include({ kind: 'hatcp', intervalMs: 50, misses: 3 });
      expect(scenario.traffic).to.deep.equal([{ kind: 'kv', name: 'kv1', from: 'client', startMs: 0, reconnect: false, stallTimeoutMs: 2000, connectTimeoutMs: 200, rate: 200, dialect: 'line', durationMs: 6000 }]);
      expect(scenario.faults).to.deep.equal([{ id: 'f1', atMs: 3000, targets: ['primary'], action: { kind: 'crash' }, durationMs: undefined }]);
      expect(scenario.expect).to.deep.equal({ continuity: true, maxStallMs: 1000 });
      expect(scenario.repeat).to.equal(1);
    });

    for (const name of files) {
      // The bulk takeover runs on ha-lan's 200 Mbit/s twin (same addresses).
      const topology = name === 'crash-hatcp-bulk.yaml' ? 'topologies/ha-lan-200m.yaml' : 'topologies/ha-lan.yaml';
      it(`loads scenarios/${name} on ${topology}, VIP 10.77.0.100:7000, and its rules find nothing`, async () => {
        const scenario = await loadScenario(`scenarios/${name}`);
        expect(scenario.name).to.equal(name.replace(/\.yaml$/, ''));
        expect(scenario.topology.source).to.equal(topology);
        expect([scenario.service.vip, scenario.service.port]).to.deep.equal(['10.77.0.100', 7000]);
        expect(checkScenarioRules(scenario)).to.deep.equal([]);
      });
    }

    it('crash-keepalived: reconnecting stream for 12 s, crash at 3 s, restart at 8 s, max_recover 6 s', async () => {
      const scenario = await loadScenario('scenarios/crash-keepalived.yaml');
      expect(scenario.agent).to.deep.equal({ kind: 'keepalived', advertIntMs: 1000, priorities: { primary: 150, standby: 100 }, preempt: true, virtualRouterId: 51 });
      expect(scenario.traffic.map((t) => [t.kind, t.reconnect, 'durationMs' in t ? t.durationMs : undefined])).to.deep.equal([['stream', true, 12000]]);
      expect(scenario.faults.map((f) => [f.id, f.atMs, f.action.kind, f.targets])).to.deep.equal([
        ['f1', 3000, 'crash', ['primary']],
        ['f2', 8000, 'restart', ['primary']],
      ]);
      expect(scenario.expect).to.deep.equal({ maxRecoverMs: 6000 });
    });

    it('crash-none: no agent, reconnecting stream 200/s for 10 s, crash at 3 s, restart at 6 s, connection expected lost', async () => {
      const scenario = await loadScenario('scenarios/crash-none.yaml');
      expect(scenario.agent).to.deep.equal({ kind: 'none' });
      expect(scenario.traffic[0]).to.include({ kind: 'stream', rate: 200, durationMs: 10000, reconnect: true });
      expect(scenario.faults.map((f) => [f.atMs, f.action.kind])).to.deep.equal([[3000, 'crash'], [6000, 'restart']]);
      expect(scenario.expect).to.deep.equal({ continuity: false });
    });

    it('partition-keepalived: primary cut from standby and witness both ways at 3 s for 4 s', async () => {
      const scenario = await loadScenario('scenarios/partition-keepalived.yaml');
      expect(scenario.faults).to.deep.equal([
        { id: 'f1', atMs: 3000, targets: ['primary'], action: { kind: 'partition', peers: ['standby', 'witness'], direction: 'both' }, durationMs: 4000 },
      ]);
      expect(scenario.traffic[0]?.reconnect).to.equal(true);
    });

    it('pause-keepalived: primary paused at 3 s for 5 s', async () => {
      const scenario = await loadScenario('scenarios/pause-keepalived.yaml');
      expect(scenario.faults).to.deep.equal([{ id: 'f1', atMs: 3000, targets: ['primary'], action: { kind: 'pause' }, durationMs: 5000 }]);
      expect(scenario.traffic[0]?.reconnect).to.equal(true);
    });
  });
});
