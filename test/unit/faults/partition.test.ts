import { expect } from 'chai';
import { dropCounters, healCommands, partitionCommands } from '../../../harness/faults/partition.js';

describe('faults: partition rules on the bridge', function () {
  it('both ways: one counted drop per port pair and direction, in a chain of its own', function () {
    expect(partitionCommands('ha-lan', 'primary', { target: ['vethP'], peers: ['vethS', 'vethW'], direction: 'both' })).to.deep.equal([
      'add table bridge hatcp_ha_lan_cut',
      'add chain bridge hatcp_ha_lan_cut cut_primary { type filter hook forward priority -200; policy accept; }',
      'add rule bridge hatcp_ha_lan_cut cut_primary iifname "vethP" oifname "vethS" counter drop',
      'add rule bridge hatcp_ha_lan_cut cut_primary iifname "vethS" oifname "vethP" counter drop',
      'add rule bridge hatcp_ha_lan_cut cut_primary iifname "vethP" oifname "vethW" counter drop',
      'add rule bridge hatcp_ha_lan_cut cut_primary iifname "vethW" oifname "vethP" counter drop',
    ]);
  });

  it('in: only what the peers send to the target is cut; out: only what it sends them', function () {
    const only = (direction: 'in' | 'out') => partitionCommands('t', 'standby', { target: ['vT'], peers: ['vP'], direction }).filter((l) => l.includes('drop'));
    expect(only('in')).to.deep.equal(['add rule bridge hatcp_t_cut cut_standby iifname "vP" oifname "vT" counter drop']);
    expect(only('out')).to.deep.equal(['add rule bridge hatcp_t_cut cut_standby iifname "vT" oifname "vP" counter drop']);
  });

  it('heal flushes and deletes the target chain only', function () {
    expect(healCommands('ha-lan', 'primary')).to.deep.equal(['flush chain bridge hatcp_ha_lan_cut cut_primary', 'delete chain bridge hatcp_ha_lan_cut cut_primary']);
  });

  it('counts one chain\'s drop rules and the frames they dropped in an nft listing', function () {
    const listing = `table bridge hatcp_x_cut {
	chain cut_primary {
		type filter hook forward priority filter; policy accept;
		iifname "a" oifname "b" counter packets 12 bytes 840 drop
		iifname "b" oifname "a" counter packets 3 bytes 126 drop
	}
	chain cut_standby {
		type filter hook forward priority filter; policy accept;
		iifname "c" oifname "d" counter packets 7 bytes 840 drop
	}
}`;
    expect(dropCounters(listing, 'cut_primary')).to.deep.equal({ present: true, rules: 2, packets: 15 });
    expect(dropCounters(listing, 'cut_witness')).to.deep.equal({ present: false, rules: 0, packets: 0 });
  });
});
