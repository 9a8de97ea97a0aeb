import { expect } from 'chai';
import { bridgeName, containerName, labelFilter, networkName } from '../../../harness/backends/docker/labels.js';
import { shellJoin } from '../../../harness/backends/docker/nodes.js';

describe('backends/docker: names and labels', function () {
  it('names containers and networks after the topology', function () {
    expect(containerName('ha-lan', 'client')).to.equal('hatcp-ha-lan-client');
    expect(networkName('ha-lan', 'lan')).to.equal('hatcp-ha-lan-lan');
  });

  it('gives each topology network its own bridge name within IFNAMSIZ', function () {
    const a = bridgeName('ha-lan', 'lan');
    expect(a).to.match(/^hcbr[0-9a-f]{8}$/);
    expect(a.length).to.be.at.most(15);
    expect(bridgeName('ha-lan', 'lan')).to.equal(a);
    expect(bridgeName('ha-plain', 'lan')).to.not.equal(a);
    expect(bridgeName('a-very-long-topology-name', 'a-long-network')).to.have.length(12);
  });

  it('filters by the hatcp label, and by topology when given', function () {
    expect(labelFilter()).to.deep.equal({ label: ['io.hatcp=1'] });
    expect(labelFilter('x')).to.deep.equal({ label: ['io.hatcp=1', 'io.hatcp.topology=x'] });
  });

  it('quotes argv for sh only where needed', function () {
    expect(shellJoin(['nft', 'add', 'chain', '{ type filter ; }', "it's"])).to.equal(`nft add chain '{ type filter ; }' 'it'\\''s'`);
  });
});
