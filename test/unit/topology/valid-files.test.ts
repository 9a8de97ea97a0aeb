import { expect } from 'chai';
import { HatcpError } from '../../../harness/errors/hatcp-error.js';
import { loadTopology, parseTopology } from '../../../harness/topology/load.js';
import type { NodeSpec, Topology } from '../../../harness/topology/types.js';

/** A node on one network, as the shorthand `ip:` form normalises to. */
function simpleNode(name: string, role: NodeSpec['role'], ip: string): NodeSpec {
  return { name, role, links: [{ network: 'lan', ip, ifname: 'eth0', impair: undefined }], addresses: [], image: undefined, env: {}, cpuWeight: role === 'witness' || role === 'standby' ? 8192 : 1024 };
}

describe('topology: valid files', () => {
  it('loads the default topologies/ha-lan.yaml', async () => {
    const expected: Topology = {
      name: 'ha-lan',
      source: 'topologies/ha-lan.yaml',
      networks: [{ name: 'lan', subnet: '10.77.0.0/24', gateway: '10.77.0.1', hub: true }],
      nodes: [
        simpleNode('client', 'client', '10.77.0.10'),
        simpleNode('primary', 'primary', '10.77.0.11'),
        simpleNode('standby', 'standby', '10.77.0.12'),
        simpleNode('witness', 'witness', '10.77.0.13'),
      ],
    };
    expect(await loadTopology('topologies/ha-lan.yaml')).to.deep.equal(expected);
  });

  it('loads topologies/ha-lan-plain.yaml with its own name and subnet, hub off', async () => {
    const topology = await loadTopology('topologies/ha-lan-plain.yaml');
    expect(topology.name).to.equal('ha-plain');
    expect(topology.networks).to.deep.equal([{ name: 'lan', subnet: '10.78.0.0/24', gateway: '10.78.0.1', hub: false }]);
    expect(topology.nodes.map((node) => [node.name, node.role, node.links[0]?.ip])).to.deep.equal([
      ['client', 'client', '10.78.0.10'],
      ['primary', 'primary', '10.78.0.11'],
      ['standby', 'standby', '10.78.0.12'],
      ['witness', 'witness', '10.78.0.13'],
    ]);
  });

  it('normalises two-nets.yaml: ifnames in order, units, defaults, env as strings', async () => {
    const expected: Topology = {
      name: 'two-nets',
      source: 'test/fixtures/topologies/two-nets.yaml',
      networks: [
        { name: 'lan', subnet: '10.91.0.0/24', gateway: '10.91.0.1', hub: true },
        { name: 'mgmt', subnet: '10.92.0.0/26', gateway: '10.92.0.62', hub: false },
      ],
      nodes: [
        {
          name: 'client',
          role: 'client',
          links: [{ network: 'lan', ip: '10.91.0.10', ifname: 'eth0', impair: { rateBps: 10_000_000, lossPercent: 1, delayMs: 20, jitterMs: 5 } }],
          addresses: [],
          image: undefined,
          env: {},
          cpuWeight: 1024,
        },
        {
          name: 'primary',
          role: 'primary',
          links: [
            { network: 'lan', ip: '10.91.0.11', ifname: 'eth0', impair: { rateBps: 80_000_000, lossPercent: 0.5, delayMs: 1000 } },
            { network: 'mgmt', ip: '10.92.0.11', ifname: 'eth1', impair: undefined },
          ],
          addresses: ['10.91.0.100/24'],
          image: undefined,
          env: { HATCP_MODE: 'primary', PORT: '8080', DEBUG: 'true' },
          cpuWeight: 2048,
        },
        {
          name: 'standby',
          role: 'standby',
          links: [
            { network: 'lan', ip: '10.91.0.12', ifname: 'eth0', impair: { rateBps: 500_000, delayMs: 0.5 } },
            { network: 'mgmt', ip: '10.92.0.12', ifname: 'eth1', impair: undefined },
          ],
          addresses: [],
          image: undefined,
          env: {},
          cpuWeight: 8192,
        },
        {
          name: 'witness',
          role: 'witness',
          links: [
            { network: 'mgmt', ip: '10.92.0.13', ifname: 'eth0', impair: { rateBps: 1_500_000 } },
            { network: 'lan', ip: '10.91.0.13', ifname: 'eth1', impair: undefined },
          ],
          addresses: [],
          image: 'debian:bookworm-slim',
          env: {},
          cpuWeight: 8192,
        },
      ],
    };
    expect(await loadTopology('test/fixtures/topologies/two-nets.yaml')).to.deep.equal(expected);
  });

  it('parses text with the file name it is given', () => {
    const topology = parseTopology('name: t\nnetworks: { n: { subnet: 192.168.5.0/28 } }\nnodes: { a: { role: other, ip: 192.168.5.2 } }\n', 'inline.yaml');
    expect(topology.source).to.equal('inline.yaml');
    expect(topology.networks[0]?.gateway).to.equal('192.168.5.1');
    expect(topology.nodes[0]?.links[0]?.network).to.equal('n');
  });

  it('keeps a shorthand node on a named network when there are several', () => {
    const topology = parseTopology(
      'name: t\nnetworks: { a: { subnet: 10.1.0.0/24 }, b: { subnet: 10.2.0.0/24 } }\nnodes: { x: { role: other, ip: 10.2.0.5, network: b } }\n',
      'inline.yaml',
    );
    expect(topology.nodes[0]?.links).to.deep.equal([{ network: 'b', ip: '10.2.0.5', ifname: 'eth0', impair: undefined }]);
  });

  it('reports a missing file as a HatcpError with a hint', async () => {
    try {
      await loadTopology('topologies/does-not-exist.yaml');
      expect.fail('loaded a missing file');
    } catch (error) {
      expect(error).to.be.instanceOf(HatcpError);
      expect((error as HatcpError).message).to.equal('topology file topologies/does-not-exist.yaml does not exist');
      expect((error as HatcpError).hint).to.equal('pass the path of a topology YAML file, e.g. topologies/ha-lan.yaml');
    }
  });
});
