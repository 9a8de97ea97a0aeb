import { expect } from 'chai';
import { parseAgentConfig } from '../../../../agent/shell/agent-config.js';
import { clusterConfigs } from '../support/cluster.js';

const valid = {
  membership: clusterConfigs()[1],
  key: 'ab'.repeat(32),
  group: '239.255.77.1',
  port: 7707,
  ifname: 'eth0',
  localIp: '10.77.0.12',
  eventsFile: '/var/log/hatcp-agent-events',
};

describe('agent shell: configuration file', function () {
  it('accepts a complete file and returns it as is', function () {
    expect(parseAgentConfig(JSON.stringify(valid), 'agent.json')).to.deep.equal(valid);
  });

  it('lists every problem at once, naming the file and each field', function () {
    const bad = { ...valid, key: 'abcd', group: '10.77.0.1', port: 70000, ifname: '', membership: { ...valid.membership, self: 'nobody', misses: 1 } };
    expect(() => parseAgentConfig(JSON.stringify(bad), 'agent.json')).to.throw(
      'agent.json: key: expected at least 16 bytes as lowercase hex; group: 10.77.0.1 is not an IPv4 multicast address (224.0.0.0/4); port: expected a whole number 1–65535; ifname: expected a non-empty string; '
      + 'membership.self: "nobody" is not one of the nodes (primary, standby, witness); '
      + 'membership.misses: 1 must be a whole number ≥ 2 (a peer is suspected after 1.5 intervals, lost after misses)',
    );
  });

  it('takes mirror: false (fetch whole streams at a failure), and refuses a mirror that is not a boolean', function () {
    expect(parseAgentConfig(JSON.stringify({ ...valid, mirror: false }), 'agent.json').mirror).to.equal(false);
    expect(() => parseAgentConfig(JSON.stringify({ ...valid, mirror: 'no' }), 'agent.json')).to.throw('agent.json: mirror: expected true or false');
  });

  it('says when the file is not JSON', function () {
    expect(() => parseAgentConfig('{ nope', 'agent.json')).to.throw(/^agent\.json: not JSON \(/);
  });

  it('takes an exec service with its program, and says what is wrong with one', function () {
    const redis = { ...valid, service: { app: 'exec', port: 7000, exec: { command: ['redis-server', '--save', ''], connect: 6379 } } };
    expect(parseAgentConfig(JSON.stringify(redis), 'agent.json')).to.deep.equal(redis);
    const problems = (service: unknown) => () => parseAgentConfig(JSON.stringify({ ...valid, service }), 'agent.json');
    expect(problems({ app: 'exec', port: 7000 })).to.throw('agent.json: service.exec: expected an object { command, connect? } for app exec');
    expect(problems({ app: 'echo', port: 7000, exec: { command: ['cat'] } })).to.throw('agent.json: service.exec: only for app exec, not echo');
    expect(problems({ app: 'exec', port: 7000, exec: { command: [], connect: 0 } })).to.throw(
      'agent.json: service.exec.command: expected a non-empty list of strings (the program, then its arguments); service.exec.connect: expected a whole number 1–65535',
    );
  });
});
