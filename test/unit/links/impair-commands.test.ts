import { expect } from 'chai';
import { featuresNeeded, lossCommands, lossRuleset, lossTable, nodeImpairCommands, tbfParameters } from '../../../harness/links/impair-commands.js';

describe('links: impairment commands', function () {
  it('shapes rate alone with a root tbf of 10 ms burst (16 KiB at least)', function () {
    expect(nodeImpairCommands('eth0', { rateBps: 10_000_000 })).to.deep.equal([
      ['tc', 'qdisc', 'replace', 'dev', 'eth0', 'root', 'handle', '1:', 'tbf', 'rate', '10000000bit', 'burst', '16384', 'latency', '50ms'],
    ]);
    expect(tbfParameters(1_000_000_000)).to.deep.equal(['rate', '1000000000bit', 'burst', '1250000', 'latency', '50ms']);
  });

  it('puts tbf under netem when delay and rate are both asked for', function () {
    expect(nodeImpairCommands('eth1', { delayMs: 20, jitterMs: 5, rateBps: 1_000_000 })).to.deep.equal([
      ['tc', 'qdisc', 'replace', 'dev', 'eth1', 'root', 'handle', '1:', 'netem', 'delay', '20ms', '5ms'],
      ['tc', 'qdisc', 'replace', 'dev', 'eth1', 'parent', '1:1', 'handle', '10:', 'tbf', 'rate', '1000000bit', 'burst', '16384', 'latency', '50ms'],
    ]);
  });

  it('leaves loss to the host-side rule and needs netem only for delay or jitter', function () {
    expect(nodeImpairCommands('eth0', { lossPercent: 5 })).to.deep.equal([]);
    expect(featuresNeeded({ lossPercent: 5, rateBps: 1000 })).to.deep.equal(['sch_tbf', 'nft_netdev_ingress']);
    expect(featuresNeeded({ delayMs: 1 })).to.deep.equal(['sch_netem']);
  });

  it('drops loss in millionths on the ingress of the host veth, in a per-topology table', function () {
    expect(lossTable('ha-lan')).to.equal('hatcp_ha_lan');
    expect(lossRuleset('ha-lan', 'client-2', 'veth12ab', 0.01)).to.equal([
      'table netdev hatcp_ha_lan {',
      '  chain client_2_veth12ab {',
      '    type filter hook ingress device "veth12ab" priority 0;',
      '    numgen random mod 1000000 < 100 counter drop',
      '  }',
      '}',
      '',
    ].join('\n'));
  });

  it('gives the same loss rule as one-line commands for a live nft session, replacing any earlier one', function () {
    expect(lossCommands('ha-lan', 'client-2', 'veth12ab', 0.01)).to.deep.equal([
      'add table netdev hatcp_ha_lan',
      'add chain netdev hatcp_ha_lan client_2_veth12ab { type filter hook ingress device "veth12ab" priority 0; }',
      'flush chain netdev hatcp_ha_lan client_2_veth12ab',
      'add rule netdev hatcp_ha_lan client_2_veth12ab numgen random mod 1000000 < 100 counter drop',
    ]);
  });
});
