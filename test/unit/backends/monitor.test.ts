import { expect } from 'chai';
import { mirrorBytecode } from '../../../harness/backends/docker/monitor.js';

describe('backends: monitor port filter', function () {
  it('is the program tcpdump compiles for "not ether multicast and not ether dst <mac>", as tc takes it', function () {
    // `tcpdump -y EN10MB -ddd 'not ether multicast and not ether dst 02:42:0a:4d:00:0d'`, but for
    // the match's return value (tcpdump's snap length; any non-zero value matches in tc).
    expect(mirrorBytecode('02:42:0a:4d:00:0d')).to.equal('8,48 0 0 0,69 4 0 1,32 0 0 2,21 0 3 172818445,40 0 0 0,21 0 1 578,6 0 0 0,6 0 0 65535');
  });

  it('reads the high bytes of a MAC as unsigned, and refuses what is not a MAC', function () {
    expect(mirrorBytecode('fe:ff:ff:ff:ff:ff')).to.include(',21 0 3 4294967295,').and.include(',21 0 1 65279,');
    expect(() => mirrorBytecode('02:42:0a:4d:00')).to.throw('not a MAC address: "02:42:0a:4d:00"');
    expect(() => mirrorBytecode('')).to.throw('not a MAC address');
  });
});
