import { expect } from 'chai';
import { gratuitousArp, macBytes } from '../../../../agent/link/garp-frame.js';

describe('agent link: the gratuitous ARP frame', function () {
  it('is a broadcast ARP request in which the announced address asks for itself, from the given MAC', function () {
    const f = gratuitousArp('02:42:0a:4d:00:0c', '10.77.0.100');
    expect(f.toString('hex')).to.equal([
      'ffffffffffff', '02420a4d000c', '0806', // Ethernet: broadcast, from the MAC, ARP
      '0001', '0800', '06', '04', '0001', // Ethernet/IPv4, request
      '02420a4d000c', '0a4d0064', // sender: the MAC, the address
      '000000000000', '0a4d0064', // target: unknown MAC, the same address
    ].join(''));
  });

  it('refuses what is not a MAC address', function () {
    expect(() => macBytes('02:42:0a:4d:00')).to.throw('not a MAC address: "02:42:0a:4d:00"');
    expect(() => gratuitousArp('zz:42:0a:4d:00:0c', '10.77.0.100')).to.throw('not a MAC address');
  });
});
