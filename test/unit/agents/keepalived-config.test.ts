import { expect } from 'chai';
import { keepalivedConf, parseNotifyLines, stateEventKind } from '../../../harness/agents/keepalived/config.js';

const service = { vip: '10.77.0.100', prefix: 24, network: 'lan', port: 7000, app: 'echo' as const };
const cfg = { kind: 'keepalived' as const, advertIntMs: 1000, priorities: { primary: 150, standby: 100 }, preempt: true, virtualRouterId: 51 };

describe('agents: keepalived configuration', function () {
  it('renders a VRRPv2 instance with the scenario priority, the VIP and the notify hook', function () {
    const conf = keepalivedConf('primary', 'eth0', true, cfg, service);
    expect(conf).to.include('  state MASTER\n  interface eth0\n  virtual_router_id 51\n  priority 150\n  advert_int 1\n');
    expect(conf).to.include('    10.77.0.100/24 dev eth0\n');
    expect(conf).to.include('  notify /etc/keepalived/hatcp-notify.sh\n');
    expect(conf).to.not.include('vrrp_version');
    expect(conf).to.not.include('nopreempt');
  });

  it('switches to VRRPv3 for sub-second adverts and honours nopreempt', function () {
    const conf = keepalivedConf('standby', 'eth1', false, { ...cfg, advertIntMs: 50, preempt: false }, service);
    expect(conf).to.include('  vrrp_version 3\n');
    expect(conf).to.include('  state BACKUP\n');
    expect(conf).to.include('  advert_int 0.05\n');
    expect(conf).to.include('  nopreempt\n');
    expect(conf).to.include('  priority 100\n');
  });

  it('parses notify lines in nanoseconds into host-clock milliseconds, skipping junk', function () {
    expect(parseNotifyLines('1795875249489925123 MASTER\ngarbage\n1795875249386593000 FAULT\n')).to.deep.equal([
      { t: 1795875249489.925, state: 'MASTER' },
      { t: 1795875249386.593, state: 'FAULT' },
    ]);
    expect(stateEventKind('MASTER')).to.equal('vrrp-master');
  });
});
