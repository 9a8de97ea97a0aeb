import { expect } from 'chai';
import {
  broadcastAddress,
  canonicalCidr,
  cidrContains,
  cidrsOverlap,
  firstUsable,
  formatCidr,
  formatIpv4,
  isNetworkAddress,
  lastUsable,
  networkAddress,
  parseCidr,
  parseIpv4,
  prefixMask,
} from '../../../harness/topology/ipv4.js';

/** Parses a CIDR that the test knows is valid. */
function cidr(text: string) {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`bad test CIDR ${text}`);
  return parsed;
}

describe('topology: ipv4 helpers', () => {
  it('parses and formats dotted quads', () => {
    expect(parseIpv4('10.77.0.10')).to.equal(0x0a4d000a);
    expect(parseIpv4('0.0.0.0')).to.equal(0);
    expect(parseIpv4('255.255.255.255')).to.equal(0xffffffff);
    expect(formatIpv4(0x0a4d000a)).to.equal('10.77.0.10');
    expect(formatIpv4(0xffffffff)).to.equal('255.255.255.255');
  });

  it('rejects malformed addresses', () => {
    for (const bad of ['10.77.0', '10.77.0.256', '10.77.0.1.2', '10.77.00.1', '10.77.0.-1', ' 10.77.0.1', '10.77.0.1 ', 'a.b.c.d', '', '10..0.1']) {
      expect(parseIpv4(bad), bad).to.equal(undefined);
    }
  });

  it('parses and formats CIDRs, keeping host bits', () => {
    expect(parseCidr('10.77.0.5/24')).to.deep.equal({ address: 0x0a4d0005, prefix: 24 });
    expect(formatCidr(cidr('10.77.0.5/24'))).to.equal('10.77.0.5/24');
    expect(parseCidr('0.0.0.0/0')).to.deep.equal({ address: 0, prefix: 0 });
    for (const bad of ['10.77.0.0', '10.77.0.0/33', '10.77.0.0/', '10.77.0.0/024', '10.77.0/24', '10.77.0.0/2a']) {
      expect(parseCidr(bad), bad).to.equal(undefined);
    }
  });

  it('computes masks, network and broadcast addresses', () => {
    expect(prefixMask(0)).to.equal(0);
    expect(prefixMask(24)).to.equal(0xffffff00);
    expect(prefixMask(32)).to.equal(0xffffffff);
    expect(formatIpv4(networkAddress(cidr('10.77.0.5/24')))).to.equal('10.77.0.0');
    expect(formatIpv4(broadcastAddress(cidr('10.77.0.5/24')))).to.equal('10.77.0.255');
    expect(formatIpv4(broadcastAddress(cidr('10.92.0.0/26')))).to.equal('10.92.0.63');
    expect(formatCidr(canonicalCidr(cidr('10.77.3.5/16')))).to.equal('10.77.0.0/16');
    expect(isNetworkAddress(cidr('10.77.0.0/24'))).to.equal(true);
    expect(isNetworkAddress(cidr('10.77.0.5/24'))).to.equal(false);
  });

  it('gives first and last usable addresses, /31 and /32 included', () => {
    expect(formatIpv4(firstUsable(cidr('10.77.0.0/24')))).to.equal('10.77.0.1');
    expect(formatIpv4(lastUsable(cidr('10.77.0.0/24')))).to.equal('10.77.0.254');
    expect(formatIpv4(firstUsable(cidr('10.77.0.4/31')))).to.equal('10.77.0.4');
    expect(formatIpv4(lastUsable(cidr('10.77.0.4/31')))).to.equal('10.77.0.5');
    expect(formatIpv4(firstUsable(cidr('10.77.0.9/32')))).to.equal('10.77.0.9');
    expect(formatIpv4(lastUsable(cidr('255.255.255.0/24')))).to.equal('255.255.255.254');
  });

  it('tests containment', () => {
    const lan = cidr('10.77.0.0/24');
    expect(cidrContains(lan, parseIpv4('10.77.0.0') ?? -1)).to.equal(true);
    expect(cidrContains(lan, parseIpv4('10.77.0.255') ?? -1)).to.equal(true);
    expect(cidrContains(lan, parseIpv4('10.77.1.0') ?? -1)).to.equal(false);
    expect(cidrContains(cidr('0.0.0.0/0'), parseIpv4('192.168.1.1') ?? -1)).to.equal(true);
    expect(cidrContains(cidr('200.0.0.0/8'), parseIpv4('200.255.255.255') ?? -1)).to.equal(true);
  });

  it('tests overlap both ways', () => {
    expect(cidrsOverlap(cidr('10.77.0.0/24'), cidr('10.77.0.0/16'))).to.equal(true);
    expect(cidrsOverlap(cidr('10.77.0.0/16'), cidr('10.77.200.0/24'))).to.equal(true);
    expect(cidrsOverlap(cidr('10.77.0.0/24'), cidr('10.77.1.0/24'))).to.equal(false);
    expect(cidrsOverlap(cidr('10.77.0.0/25'), cidr('10.77.0.128/25'))).to.equal(false);
    expect(cidrsOverlap(cidr('172.16.0.0/12'), cidr('172.31.255.0/24'))).to.equal(true);
  });
});
