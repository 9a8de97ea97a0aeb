import { expect } from 'chai';
import { ConfigError } from '../../../harness/errors/hatcp-error.js';
import { loadTopology } from '../../../harness/topology/load.js';
import { RULES, checkRules, validateAgainstDocker } from '../../../harness/topology/rules.js';
import type { Topology } from '../../../harness/topology/types.js';

const HA_LAN = 'topologies/ha-lan.yaml';

describe('topology: rules', () => {
  it('has the documented named rules', () => {
    expect(RULES.map((rule) => rule.name)).to.deep.equal([
      'unknown-network',
      'network-linked-twice',
      'ip-outside-subnet',
      'ip-is-reserved',
      'duplicate-ip',
      'gateway-not-usable',
      'monitor-not-on-network',
      'subnet-overlap',
      'subnet-overlaps-docker',
      'extra-address-conflict',
      'jitter-without-delay',
    ]);
  });

  it('finds nothing wrong with a loaded topology and no Docker networks', async () => {
    expect(checkRules(await loadTopology(HA_LAN))).to.deep.equal([]);
  });

  it('reports a subnet that overlaps an existing Docker network, at its line in the file', async () => {
    const topology = await loadTopology(HA_LAN);
    const issues = checkRules(topology, { existingNetworks: [{ name: 'corp-vpn', subnet: '10.77.0.0/16' }] });
    expect(issues).to.deep.equal([
      {
        location: { file: HA_LAN, line: 11, column: 13 },
        field: 'networks.lan.subnet',
        message: '10.77.0.0/24 overlaps the existing Docker network corp-vpn (10.77.0.0/16)',
        hint: 'choose another subnet, e.g. 10.78.0.0/24',
      },
    ]);
  });

  it("ignores this topology's own networks and non-IPv4 subnets", async () => {
    const topology = await loadTopology(HA_LAN);
    const existing = [
      { name: 'hatcp-ha-lan-lan', subnet: '10.77.0.0/24' },
      { name: 'v6only', subnet: 'fd00:77::/64' },
      { name: 'elsewhere', subnet: '172.17.0.0/16' },
    ];
    expect(checkRules(topology, { existingNetworks: existing })).to.deep.equal([]);
  });

  it('suggests a subnet that avoids both the file and the engine', async () => {
    const topology = await loadTopology(HA_LAN);
    const existing = [
      { name: 'a', subnet: '10.77.0.0/24' },
      { name: 'b', subnet: '10.78.0.0/23' },
    ];
    expect(checkRules(topology, { existingNetworks: existing })[0]?.hint).to.equal('choose another subnet, e.g. 10.77.1.0/24');
  });

  it('validateAgainstDocker throws one ConfigError with the full message', async () => {
    const topology = await loadTopology(HA_LAN);
    try {
      validateAgainstDocker(topology, [{ name: 'bridge', subnet: '10.77.0.128/25' }]);
      expect.fail('no error');
    } catch (error) {
      expect(error).to.be.instanceOf(ConfigError);
      expect((error as ConfigError).message).to.equal(
        'topologies/ha-lan.yaml:11:13 networks.lan.subnet: 10.77.0.0/24 overlaps the existing Docker network bridge (10.77.0.128/25)\n' +
          '  fix: choose another subnet, e.g. 10.77.1.0/24',
      );
    }
  });

  it('validateAgainstDocker passes when nothing clashes', async () => {
    validateAgainstDocker(await loadTopology(HA_LAN), [{ name: 'bridge', subnet: '172.17.0.0/16' }]);
  });

  it('names long-form fields and no location for a topology it has no source for', () => {
    const topology: Topology = {
      name: 'manual',
      source: undefined,
      networks: [{ name: 'lan', subnet: '10.5.0.0/24', gateway: '10.5.0.1', hub: false }],
      nodes: [
        {
          name: 'a',
          role: 'client',
          links: [{ network: 'lan', ip: '10.5.0.1', ifname: 'eth0', impair: undefined }],
          addresses: [],
          image: undefined,
          env: {},
          cpuWeight: 1024,
        },
      ],
    };
    expect(checkRules(topology)).to.deep.equal([
      {
        location: undefined,
        field: 'nodes.a.links.0.ip',
        message: '10.5.0.1 is the gateway of lan (the host side of the bridge)',
        hint: 'pick an address in 10.5.0.2–10.5.0.254',
      },
    ]);
  });

  it('loses locations, not correctness, on a copy of a loaded topology', async () => {
    const copy = structuredClone(await loadTopology(HA_LAN));
    const issues = checkRules(copy, { existingNetworks: [{ name: 'x', subnet: '10.0.0.0/8' }] });
    expect(issues.map((issue) => [issue.location, issue.field])).to.deep.equal([[undefined, 'networks.lan.subnet']]);
  });

  it('reports the same node joining a network twice', () => {
    const topology: Topology = {
      name: 'twice',
      source: undefined,
      networks: [{ name: 'lan', subnet: '10.5.0.0/24', gateway: '10.5.0.1', hub: false }],
      nodes: [
        {
          name: 'w',
          role: 'witness',
          links: [
            { network: 'lan', ip: '10.5.0.2', ifname: 'eth0', impair: undefined },
            { network: 'lan', ip: '10.5.0.3', ifname: 'eth1', impair: undefined },
          ],
          addresses: [],
          image: undefined,
          env: {},
          cpuWeight: 1024,
        },
      ],
    };
    expect(checkRules(topology).map((issue) => `${issue.field}: ${issue.message} / ${issue.hint}`)).to.deep.equal([
      'nodes.w.links.1.network: w is already on lan through nodes.w.links.0 / a node joins each network once; give it more addresses there with addresses:',
    ]);
  });
});
