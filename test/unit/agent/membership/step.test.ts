import { expect } from 'chai';
import type { Action } from '../../../../agent/membership/action.js';
import { configProblems, type MembershipConfig } from '../../../../agent/membership/config.js';
import type { Input } from '../../../../agent/membership/input.js';
import { createState, type MembershipState } from '../../../../agent/membership/state.js';
import { step } from '../../../../agent/membership/step.js';
import { SUSPECT_AFTER_INTERVALS } from '../../../../agent/membership/timing.js';
import type { Message, MessageBody } from '../../../../agent/protocol/message.js';
import type { OwnershipRecord } from '../../../../agent/protocol/record.js';
import { clusterConfigs, INTERVAL_MS, MISSES, VIP } from '../support/cluster.js';

const [PRIMARY, STANDBY] = clusterConfigs() as [MembershipConfig, MembershipConfig, MembershipConfig];

/** One state machine driven by hand. */
class Driver {
  state: MembershipState = createState();
  seq = 0;
  constructor(readonly config: MembershipConfig) {}

  feed(input: Input): Action[] {
    const { state, actions } = step(this.state, input, this.config);
    this.state = state;
    return actions;
  }

  /** Ticks every 10 ms from the current time up to `until`, returning all actions. */
  tickUntil(until: number): Action[] {
    const out: Action[] = [];
    for (let t = this.state.now + 10; t <= until; t += 10) out.push(...this.feed({ kind: 'tick', now: t }));
    if (this.state.now < until) out.push(...this.feed({ kind: 'tick', now: until }));
    return out;
  }

  hear(now: number, from: string, body: MessageBody, overrides: Partial<Message> = {}): Action[] {
    const message = { clusterId: 'lab', from, bootId: '000000000000000f', seq: ++this.seq, sentAt: now, ...body, ...overrides } as Message;
    return this.feed({ kind: 'message', now, message });
  }
}

const events = (actions: Action[]): string[] => actions.flatMap((a) => (a.kind === 'event' ? [a.event] : []));
const effects = (actions: Action[]): string[] => actions.flatMap((a) => (a.kind === 'event' ? [] : [a.kind === 'send' ? `send ${a.message.kind}` : a.kind]));

function recordOf(config: MembershipConfig, epoch?: number, nodeId = config.self): OwnershipRecord {
  return {
    nodeId,
    role: 'standby',
    failoverPolicy: [],
    addresses: epoch === undefined ? [] : [{ ...VIP, mac: '02:00:00:00:00:99', epoch }],
    ports: [],
    application: 'echo',
    arp: { garpCount: 1, garpSpacingMs: 0 },
    protocol: 'tcp',
    failback: 'never',
    liveConnections: 0,
  };
}

/** A JSON picture of a state, Maps and Sets included, to detect any change. */
const picture = (state: MembershipState): string => JSON.stringify(state, (_k, v: unknown) => (v instanceof Map || v instanceof Set ? [...v] : v));

/** A primary that booted at 0 and has held the VIP at epoch 1 since its settle. */
function servingPrimary(config = PRIMARY): Driver {
  const node = new Driver(config);
  node.feed({ kind: 'boot', now: 0 });
  node.hear(5, 'standby', { kind: 'announce', record: recordOf(STANDBY) });
  node.hear(5, 'witness', { kind: 'announce', record: recordOf(STANDBY, undefined, 'witness') });
  node.tickUntil(2 * INTERVAL_MS);
  expect([...node.state.held.keys()]).to.deep.equal([VIP.ip]);
  return node;
}

describe('agent membership: step', function () {
  it('boot: says so, solicits, then announces a record that holds nothing yet', function () {
    const actions = new Driver(PRIMARY).feed({ kind: 'boot', now: 1000 });
    expect(actions.map((a) => (a.kind === 'event' ? a.event : a.kind === 'send' ? `send ${a.message.kind}` : a.kind))).to.deep.equal(['booted', 'send solicit', 'send announce']);
    expect(actions[2]).to.deep.nested.include({ 'message.record.addresses': [], 'message.record.nodeId': 'primary', 'message.record.failoverPolicy': ['standby'] });
  });

  it('ignores everything before boot, and takes an older now as the latest', function () {
    const node = new Driver(PRIMARY);
    expect(node.feed({ kind: 'tick', now: 5 })).to.deep.equal([]);
    node.feed({ kind: 'boot', now: 100 });
    node.feed({ kind: 'tick', now: 50 });
    expect(node.state.now).to.equal(100);
  });

  it('never changes the state it is given', function () {
    const node = servingPrimary();
    const before = node.state;
    const frozen = picture(before);
    node.hear(250, 'standby', { kind: 'claim', record: recordOf(STANDBY, 2), claimed: [VIP], epoch: 2 });
    node.feed({ kind: 'connections', now: 260, count: 4 });
    expect(picture(before)).to.equal(frozen);
    expect(node.state).to.not.equal(before);
  });

  it('answers a solicitation with an announce of what it holds', function () {
    const node = servingPrimary();
    const actions = node.hear(300, 'standby', { kind: 'solicit' });
    const announce = actions.find((a) => a.kind === 'send' && a.message.kind === 'announce');
    expect(announce).to.deep.nested.include({ 'message.record.addresses[0].ip': VIP.ip, 'message.record.addresses[0].epoch': 1 });
  });

  it(`suspects a peer after ${SUSPECT_AFTER_INTERVALS} intervals of silence and loses it after ${MISSES}, to the ms`, function () {
    const node = servingPrimary();
    node.tickUntil(1000);
    node.hear(1000, 'standby', { kind: 'heartbeat', record: recordOf(STANDBY), heard: [], suspects: [] });
    node.hear(1000, 'witness', { kind: 'heartbeat', record: recordOf(STANDBY, undefined, 'witness'), heard: [], suspects: [] });
    const suspectAt = 1000 + SUSPECT_AFTER_INTERVALS * INTERVAL_MS;
    const lostAt = 1000 + MISSES * INTERVAL_MS;
    expect(events(node.tickUntil(suspectAt - 1))).to.not.include('suspected');
    expect(events(node.feed({ kind: 'tick', now: suspectAt }))).to.include.members(['suspected']);
    expect(events(node.tickUntil(lostAt - 1))).to.not.include('peer-lost');
    expect(events(node.feed({ kind: 'tick', now: lostAt }))).to.include.members(['peer-lost', 'protection-lost']);
    expect(node.state.peers.get('standby')?.liveness).to.equal('lost');
  });

  it('judges nobody after its own stall: silence is counted from when it runs again', function () {
    const node = servingPrimary();
    node.tickUntil(1000);
    node.hear(1000, 'standby', { kind: 'heartbeat', record: recordOf(STANDBY), heard: [], suspects: [] });
    node.hear(1000, 'witness', { kind: 'heartbeat', record: recordOf(STANDBY, undefined, 'witness'), heard: [], suspects: [] });
    expect(events(node.feed({ kind: 'tick', now: 5000 }))).to.deep.equal([]);
    expect(events(node.tickUntil(5000 + MISSES * INTERVAL_MS))).to.include('peer-lost');
  });

  it('fences at once on a higher epoch, and at an equal epoch the smaller node id keeps the address', function () {
    const node = servingPrimary();
    expect(effects(node.hear(250, 'standby', { kind: 'heartbeat', record: recordOf(STANDBY, 1), heard: [], suspects: [] }))).to.not.include('removeAddress');
    const actions = node.hear(260, 'standby', { kind: 'heartbeat', record: recordOf(STANDBY, 2), heard: [], suspects: [] });
    expect(effects(actions)).to.deep.equal(['removeAddress']);
    expect(events(actions)).to.deep.equal(['fenced', 'vip-down']);
    expect(node.state.held.size).to.equal(0);

    const nodes = [{ id: 'aardvark', role: 'standby' as const }, ...PRIMARY.nodes];
    const tie = servingPrimary({ ...PRIMARY, nodes });
    expect(events(tie.hear(250, 'aardvark', { kind: 'announce', record: recordOf(STANDBY, 1, 'aardvark') }))).to.include('fenced');
  });

  it('ignores messages from itself, from nodes outside the cluster and from another cluster', function () {
    const node = servingPrimary();
    const body: MessageBody = { kind: 'claim', record: recordOf(STANDBY, 9, 'primary'), claimed: [VIP], epoch: 9 };
    for (const [from, clusterId] of [['primary', 'lab'], ['mallory', 'lab'], ['standby', 'lab2']] as const) {
      const actions = node.hear(300, from, { ...body, record: { ...recordOf(STANDBY, 9, from) } }, { clusterId });
      expect(events(actions), `${from}@${clusterId}`).to.deep.equal([]);
    }
    expect(node.state.held.get(VIP.ip)?.epoch).to.equal(1);
  });

  it('a claim at boot carries epoch 1 and a record listing the address at that epoch', function () {
    const node = new Driver(PRIMARY);
    node.feed({ kind: 'boot', now: 0 });
    const actions = node.tickUntil(2 * INTERVAL_MS);
    const claim = actions.find((a) => a.kind === 'send' && a.message.kind === 'claim');
    expect(claim).to.deep.nested.include({ 'message.epoch': 1, 'message.claimed': [VIP], 'message.record.addresses[0].epoch': 1 });
    expect(claim).to.not.have.nested.property('message.previous');
  });
});

describe('agent membership: config problems', function () {
  it('accepts the test cluster', function () {
    for (const config of clusterConfigs()) expect(configProblems(config)).to.deep.equal([]);
  });

  it('names each mistake', function () {
    const bad: MembershipConfig = {
      ...STANDBY,
      self: 'ghost',
      nodes: [...STANDBY.nodes, { id: 'primary', role: 'other' }],
      intervalMs: 0,
      misses: 1,
      failoverPolicy: ['nobody'],
    };
    expect(configProblems(bad)).to.deep.equal([
      'nodes: primary listed more than once',
      'self: "ghost" is not one of the nodes (primary, standby, witness, primary)',
      'intervalMs: 0 is not a whole number of ms ≥ 1',
      'misses: 1 must be a whole number ≥ 2 (a peer is suspected after 1.5 intervals, lost after misses)',
      'failoverPolicy: "nobody" is not one of the nodes',
    ]);
  });
});
