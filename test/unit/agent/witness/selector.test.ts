import { expect } from 'chai';
import { isServed, selectorFilter, type Selector } from '../../../../agent/witness/selector.js';

const VIP = '10.77.0.100';
const web: Selector = [{ ip: VIP, ports: [{ from: 7000, to: 7000 }, { from: 8000, to: 8010 }] }];

describe('witness: selector', function () {
  it('ties each address to its ports on the same side, one port or a range', function () {
    expect(selectorFilter([{ ip: VIP, ports: [{ from: 7000, to: 7000 }] }])).to.equal(
      'tcp and ((src host 10.77.0.100 and src port 7000) or (dst host 10.77.0.100 and dst port 7000))');
    expect(selectorFilter(web)).to.equal(
      'tcp and ((src host 10.77.0.100 and (src port 7000 or src portrange 8000-8010)) or (dst host 10.77.0.100 and (dst port 7000 or dst portrange 8000-8010)))');
  });

  it('lets the witness\'s own marker datagrams in beside the served TCP', function () {
    expect(selectorFilter([{ ip: VIP, ports: [{ from: 7000, to: 7000 }] }], { ip: '10.77.0.13', port: 7709 })).to.equal(
      '(tcp and ((src host 10.77.0.100 and src port 7000) or (dst host 10.77.0.100 and dst port 7000))) or (udp and src host 10.77.0.13 and dst port 7709)');
  });

  it('ORs several owned addresses', function () {
    expect(selectorFilter([{ ip: VIP, ports: [{ from: 7000, to: 7000 }] }, { ip: '10.77.0.101', ports: [{ from: 1, to: 65535 }] }])).to.equal(
      'tcp and ((src host 10.77.0.100 and src port 7000) or (dst host 10.77.0.100 and dst port 7000)' +
      ' or (src host 10.77.0.101 and src portrange 1-65535) or (dst host 10.77.0.101 and dst portrange 1-65535))');
  });

  it('refuses what would make a wrong or invalid filter, naming the value', function () {
    const bad = (s: Selector) => () => selectorFilter(s);
    expect(bad([])).to.throw('selector: no served address');
    expect(bad([{ ip: '10.77.0.256', ports: [{ from: 1, to: 1 }] }])).to.throw('selector[0].ip: "10.77.0.256" is not an IPv4 dotted quad');
    expect(bad([{ ip: 'vip.example', ports: [{ from: 1, to: 1 }] }])).to.throw('"vip.example" is not an IPv4 dotted quad');
    expect(bad([{ ip: '10.77.0.010', ports: [{ from: 1, to: 1 }] }])).to.throw('"10.77.0.010" is not an IPv4 dotted quad');
    expect(bad([{ ip: '10.77.0', ports: [{ from: 1, to: 1 }] }])).to.throw('"10.77.0" is not an IPv4 dotted quad');
    expect(bad([web[0]!, { ip: VIP, ports: [] }])).to.throw('selector[1].ports: 10.77.0.100 has no port range');
    expect(bad([{ ip: VIP, ports: [{ from: 0, to: 7 }] }])).to.throw('selector[0].ports[0].from: 0 is not a port');
    expect(bad([{ ip: VIP, ports: [{ from: 1, to: 1 }, { from: 80, to: 65536 }] }])).to.throw('selector[0].ports[1].to: 65536 is not a port');
    expect(bad([{ ip: VIP, ports: [{ from: 80.5, to: 81 }] }])).to.throw('selector[0].ports[0].from: 80.5 is not a port');
    expect(bad([{ ip: VIP, ports: [{ from: 9000, to: 8000 }] }])).to.throw('selector[0].ports[0]: 9000-8000 is backwards');
  });

  it('isServed agrees with the filter: the address and a port in one of its ranges', function () {
    expect(isServed(web, { ip: VIP, port: 7000 })).to.equal(true);
    expect(isServed(web, { ip: VIP, port: 8000 })).to.equal(true);
    expect(isServed(web, { ip: VIP, port: 8010 })).to.equal(true);
    expect(isServed(web, { ip: VIP, port: 8011 })).to.equal(false);
    expect(isServed(web, { ip: VIP, port: 7001 })).to.equal(false);
    // The client's side of a connection, even on a served port number, is not a served endpoint.
    expect(isServed(web, { ip: '10.77.0.10', port: 7000 })).to.equal(false);
  });
});
