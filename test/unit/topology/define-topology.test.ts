import { expect } from 'chai';
import { ConfigError } from '../../../harness/errors/hatcp-error.js';
import { defineTopology } from '../../../harness/topology/load.js';
import type { TopologyInput } from '../../../harness/topology/schema.js';

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

describe('topology: defineTopology', () => {
  it('builds a topology from an object, like a file', () => {
    const input = {
      name: 'in-code',
      networks: { lan: { subnet: '10.80.0.0/24' }, wan: { subnet: '10.81.0.0/24', hub: true } },
      nodes: {
        a: { role: 'client', ip: '10.80.0.2', network: 'lan', impair: { delay: 5, jitter: '1ms' } },
        b: { role: 'primary', links: [{ network: 'lan', ip: '10.80.0.3' }, { network: 'wan', ip: '10.81.0.3', impair: { loss: '2%' } }] },
      },
    } satisfies TopologyInput;
    const topology = defineTopology(input, 'bench/topology.ts');
    expect(topology.source).to.equal('bench/topology.ts');
    expect(topology.nodes[0]?.links).to.deep.equal([{ network: 'lan', ip: '10.80.0.2', ifname: 'eth0', impair: { delayMs: 5, jitterMs: 1 } }]);
    expect(topology.nodes[1]?.links.map((link) => [link.ifname, link.network, link.impair])).to.deep.equal([
      ['eth0', 'lan', undefined],
      ['eth1', 'wan', { lossPercent: 2 }],
    ]);
    expect(topology.networks[1]).to.deep.equal({ name: 'wan', subnet: '10.81.0.0/24', gateway: '10.81.0.1', hub: true });
  });

  it('uses <code> as source by default', () => {
    const topology = defineTopology({ name: 'x', networks: { n: { subnet: '10.9.0.0/24' } }, nodes: { a: { role: 'other', ip: '10.9.0.9' } } });
    expect(topology.source).to.equal('<code>');
  });

  it('validates the same way, without line numbers', () => {
    const error = configErrorOf(() =>
      defineTopology({
        name: 'bad',
        networks: { lan: { subnet: '10.80.0.0/24' } },
        nodes: { a: { role: 'client', ip: '10.80.1.2' }, b: { role: 'client', links: [{ network: 'lan', ip: '10.80.0.2', impair: { jitter: 3 } }] } },
      }),
    );
    expect(error.message).to.equal(
      [
        'nodes.a.ip: 10.80.1.2 is outside network lan (10.80.0.0/24)',
        '  fix: pick an address in 10.80.0.2–10.80.0.254',
        'nodes.b.links.0.impair.jitter: jitter 3ms needs a delay',
        '  fix: add a delay next to it (e.g. delay: 20ms), or remove jitter',
      ].join('\n'),
    );
    expect(error.issues.every((issue) => issue.location === undefined)).to.equal(true);
  });

  it('reports schema problems with their dotted field', () => {
    const error = configErrorOf(() => defineTopology({ name: 'bad', networks: {}, nodes: { a: { role: 'client', ip: 5 } }, extra: 1 }));
    expect(error.message).to.equal(
      [
        'networks: has no networks',
        '  fix: add at least one network, e.g. lan: { subnet: 10.77.0.0/24 }',
        'nodes.a.ip: expected an IPv4 address, got 5',
        '  fix: write it like ip: 10.77.0.10',
        'extra: unknown key "extra"',
        '  fix: allowed keys here: name, networks, nodes',
      ].join('\n'),
    );
  });

  it('rejects something that is not an object at all', () => {
    expect(configErrorOf(() => defineTopology(undefined)).message).to.equal(
      'the file is empty\n  fix: a topology needs name, networks and nodes; see topologies/ha-lan.yaml',
    );
    expect(configErrorOf(() => defineTopology([1])).message).to.equal(
      'expected a mapping with name, networks and nodes, got a list\n  fix: see topologies/ha-lan.yaml for an example',
    );
  });
});
