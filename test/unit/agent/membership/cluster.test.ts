import { expect } from 'chai';
import type { EventKind } from '../../../../agent/membership/action.js';
import { clusterConfigs, INTERVAL_MS, MISSES, VIP, type ClusterOptions } from '../support/cluster.js';
import { Sim } from '../support/sim.js';

const VIP_TEXT = `${VIP.ip}/${VIP.prefix}`;
const LOST_MS = INTERVAL_MS * MISSES;
const SETTLE_MS = 2 * INTERVAL_MS;
const CRASH_AT = 5050;
/** Events that must never appear while nothing fails. */
const TROUBLE: EventKind[] = ['suspected', 'peer-lost', 'declared', 'witness-agrees', 'witness-lost', 'decided', 'fenced', 'vip-down', 'failback-start', 'failback-done', 'protection-lost'];

const cluster = (options: ClusterOptions = {}): Sim => new Sim(clusterConfigs(options));
const kinds = (sim: Sim, node: string, at: number): EventKind[] => sim.eventsOf(node).filter((e) => e.at === at).map((e) => e.event);
/** `expected` in order within `actual`, other items allowed in between. */
const inOrder = (actual: EventKind[], expected: EventKind[]): boolean => {
  let i = 0;
  for (const a of actual) if (a === expected[i]) i++;
  return i === expected.length;
};
const claims = (sim: Sim, node: string, from = 0) => sim.eventsOf(node, 'claim-sent').filter((e) => e.at >= from);

describe('agent membership: a 3-node cluster (primary, standby, witness)', function () {
  this.timeout(30_000);

  it('steady state: the primary takes the VIP after the boot settle and nothing else happens for 10 s', function () {
    const sim = cluster().run(10_000);
    expect(sim.first('primary', 'vip-up').at).to.equal(SETTLE_MS);
    expect(sim.events.filter((e) => TROUBLE.includes(e.event))).to.deep.equal([]);
    expect(sim.events.filter((e) => e.event === 'claim-sent').map((e) => e.node)).to.deep.equal(['primary']);
    expect(sim.holders(VIP_TEXT)).to.deep.equal(['primary']);
    expect(sim.contention(VIP_TEXT).maxHolders).to.equal(1);
    expect(sim.eventsOf('witness', 'peer-up').map((e) => e.detail)).to.have.length(2);
    expect(sim.counters('standby').snapshot().accepted).to.be.above(2 * 10_000 / INTERVAL_MS);
  });

  it('primary crash: the standby declares it failed misses × interval after last hearing it and takes over in one step', function () {
    const sim = cluster();
    sim.at(CRASH_AT, () => sim.crash('primary')).run(CRASH_AT + 2_000);
    const lastHeard = sim.lastHeard('standby', 'primary');
    const declared = sim.first('standby', 'declared');
    expect(declared.at).to.equal(lastHeard + LOST_MS);
    expect(declared.at - CRASH_AT).to.be.at.most(LOST_MS + INTERVAL_MS);
    expect(sim.first('standby', 'suspected').at).to.equal(lastHeard + 1.5 * INTERVAL_MS);
    expect(sim.first('witness', 'peer-lost').at).to.be.at.most(declared.at);
    // The standby now serves with nobody to take over from it: it says so.
    expect(kinds(sim, 'standby', declared.at)).to.deep.equal(['peer-lost', 'declared', 'witness-agrees', 'decided', 'claim-sent', 'vip-up', 'arp-sent', 'protection-lost']);
    expect(sim.first('standby', 'decided').detail).to.match(/witness witness lost primary too \(witness policy safety\)/);
    const done = sim.actions.filter((a) => a.node === 'standby' && a.at === declared.at && a.action.kind !== 'event').map((a) => a.action);
    expect(done.map((a) => (a.kind === 'send' ? `send ${a.message.kind}` : a.kind))).to.deep.equal(['send claim', 'prepareConnections', 'addAddress', 'gratuitousArp', 'restoreConnections']);
    expect(done[0]).to.deep.nested.include({ 'message.epoch': 2, 'message.previous': 'primary' });
    // The TCP takeover wraps the address: lock and cache before it goes up; the ARP brings the
    // client's segments here (to the lock) while the connections are rebuilt.
    expect(done[1]).to.deep.equal({ kind: 'prepareConnections', from: 'primary', addresses: [VIP], migration: false });
    expect(done[3]).to.deep.include({ ip: VIP.ip, count: 3, spacingMs: 50 });
    expect(done[4]).to.deep.equal({ kind: 'restoreConnections', from: 'primary', addresses: [VIP] });
    expect(sim.holders(VIP_TEXT)).to.deep.equal(['standby']);
    expect(sim.eventsOf('witness', 'claim-sent', 'decided', 'declared')).to.deep.equal([]);
  });

  it('standby cut off from the primary only: it declares the primary failed but does not take over while the witness hears it', function () {
    const sim = cluster();
    sim.at(CRASH_AT, () => sim.cut('primary', 'standby')).at(15_000, () => sim.cut('primary', 'standby', false)).run(16_000);
    const declared = sim.first('standby', 'declared');
    expect(declared.at).to.equal(sim.lastHeard('standby', 'primary', 15_000) + LOST_MS);
    expect(declared.detail).to.match(/witness witness still hears primary.*not taking over/);
    expect(sim.eventsOf('standby', 'decided', 'claim-sent', 'witness-agrees')).to.deep.equal([]);
    expect(sim.contention(VIP_TEXT).maxHolders).to.equal(1);
    expect(sim.holders(VIP_TEXT)).to.deep.equal(['primary']);
    expect(sim.first('primary', 'protection-lost').detail).to.match(/failover target standby lost.*still serving/);
    expect(sim.first('primary', 'protection-restored').at).to.be.above(15_000);
  });

  it('primary cut off from both: the standby takes over; on healing the primary is fenced, and the dual ownership shows in the events', function () {
    const sim = cluster();
    sim.at(CRASH_AT, () => sim.isolate('primary')).at(8_000, () => sim.isolate('primary', false)).run(10_000);
    const decided = sim.first('standby', 'decided');
    expect(decided.at).to.equal(sim.lastHeard('standby', 'primary', 8_000) + LOST_MS);
    const lost = sim.first('primary', 'protection-lost');
    expect(lost.detail).to.match(/witness witness lost.*failover target standby lost.*still serving/);
    expect(sim.eventsOf('primary', 'fenced', 'vip-down').every((e) => e.at > 8_000)).to.equal(true);
    const fenced = sim.first('primary', 'fenced');
    expect(fenced.detail).to.equal(`${VIP_TEXT} is held by standby at epoch 2, above this node's epoch 1`);
    expect(fenced.at - 8_000).to.be.at.most(INTERVAL_MS + 1);
    const window = sim.first('primary', 'vip-down').at - sim.first('standby', 'vip-up', CRASH_AT).at;
    expect(sim.contention(VIP_TEXT).dualMs).to.equal(window);
    expect(sim.holders(VIP_TEXT)).to.deep.equal(['standby']);
    expect(sim.first('primary', 'protection-restored').at).to.be.above(8_000);
  });

  for (const policy of ['safety', 'availability'] as const) {
    it(`witness dead, then primary dead, witness policy ${policy}: ${policy === 'safety' ? 'no takeover, and an event says why' : 'takeover without the witness'}`, function () {
      const sim = cluster({ witnessPolicy: policy });
      sim.at(3_000, () => sim.crash('witness')).at(CRASH_AT, () => sim.crash('primary')).run(15_000);
      expect(sim.first('standby', 'protection-lost').at).to.equal(sim.lastHeard('standby', 'witness') + LOST_MS);
      const declared = sim.first('standby', 'declared');
      expect(declared.at).to.equal(sim.lastHeard('standby', 'primary') + LOST_MS);
      const witnessLost = sim.first('standby', 'witness-lost');
      expect(witnessLost.at).to.equal(declared.at);
      if (policy === 'safety') {
        expect(witnessLost.detail).to.match(/no heartbeat from witness witness .*witness policy safety: not taking over 10\.77\.0\.100\/24 until a witness confirms/);
        expect(claims(sim, 'standby')).to.deep.equal([]);
        expect(sim.holders(VIP_TEXT)).to.deep.equal([]);
      } else {
        expect(sim.first('standby', 'decided').at).to.equal(declared.at);
        expect(sim.first('standby', 'decided').detail).to.match(/witness policy availability takes over anyway/);
        expect(sim.holders(VIP_TEXT)).to.deep.equal(['standby']);
      }
    });
  }

  for (const mode of ['queue', 'drop'] as const) {
    it(`paused primary (datagrams ${mode === 'queue' ? 'queued' : 'lost'} while frozen): on resume it sees the higher epoch and is fenced`, function () {
      const resumeAt = 7_000;
      const sim = cluster();
      sim.at(CRASH_AT, () => sim.pause('primary', mode)).at(resumeAt, () => sim.resume('primary')).run(9_000);
      const takeover = sim.first('standby', 'vip-up', CRASH_AT);
      expect(takeover.at).to.equal(sim.lastHeard('standby', 'primary', resumeAt) + LOST_MS);
      const fenced = sim.first('primary', 'fenced');
      expect(kinds(sim, 'primary', fenced.at)).to.satisfy((k: EventKind[]) => inOrder(k, ['fenced', 'vip-down']));
      const window = sim.first('primary', 'vip-down').at - takeover.at;
      if (mode === 'queue') expect(fenced.at).to.equal(resumeAt);
      else expect(fenced.at - resumeAt).to.be.at.most(INTERVAL_MS + 1);
      expect(window).to.equal(fenced.at - takeover.at);
      expect(sim.contention(VIP_TEXT)).to.deep.equal({ maxHolders: 2, dualMs: window });
      expect(sim.holders(VIP_TEXT)).to.deep.equal(['standby']);
      expect(claims(sim, 'primary', resumeAt)).to.deep.equal([]);
    });
  }

  it('paused standby (witness policy availability): on resume it judges no one by the silence it slept through', function () {
    const sim = cluster({ witnessPolicy: 'availability' });
    sim.at(CRASH_AT, () => sim.pause('standby', 'drop')).at(7_000, () => sim.resume('standby')).run(10_000);
    expect(sim.eventsOf('standby').filter((e) => e.at >= 7_000).map((e) => e.event)).to.deep.equal([]);
    expect(sim.first('primary', 'protection-lost').detail).to.match(/failover target standby lost/);
    expect(sim.first('primary', 'protection-restored').at).to.equal(7_001);
    expect(sim.holders(VIP_TEXT)).to.deep.equal(['primary']);
  });

  describe('failback when the crashed primary restarts', function () {
    const RESTART_AT = 8_000;
    const failover = (failback: ClusterOptions['failback'], extra?: (sim: Sim) => void): Sim => {
      const sim = cluster({ failback });
      sim.at(CRASH_AT, () => sim.crash('primary')).at(RESTART_AT, () => sim.restart('primary'));
      extra?.(sim);
      return sim;
    };

    it('never: the standby keeps the VIP and the primary does not claim it', function () {
      const sim = failover('never').run(15_000);
      expect(sim.first('standby', 'peer-up', RESTART_AT).detail).to.match(/primary \(primary\) restarted/);
      expect(claims(sim, 'primary', RESTART_AT)).to.deep.equal([]);
      expect(sim.events.filter((e) => e.event.startsWith('failback'))).to.deep.equal([]);
      expect(sim.holders(VIP_TEXT)).to.deep.equal(['standby']);
    });

    it('never, then the standby fails too: the primary takes its VIP back as a takeover, with the witness', function () {
      const sim = failover('never', (s) => s.at(10_050, () => s.crash('standby'))).run(12_000);
      const decided = sim.first('primary', 'decided', RESTART_AT);
      expect(decided.at).to.equal(sim.lastHeard('primary', 'standby') + LOST_MS);
      expect(decided.detail).to.equal(`take over ${VIP_TEXT} from standby: witness witness lost standby too (witness policy safety)`);
      expect(sim.first('primary', 'claim-sent', RESTART_AT).detail).to.equal(`claimed ${VIP_TEXT} at epoch 3 from standby`);
      expect(sim.holders(VIP_TEXT)).to.deep.equal(['primary']);
    });

    it('immediate: the standby releases as soon as it hears the primary, which claims at epoch 3; never two holders', function () {
      const sim = failover('immediate').run(15_000);
      const released = sim.first('standby', 'vip-down');
      expect(released.at).to.equal(RESTART_AT + 1);
      expect(kinds(sim, 'standby', released.at)).to.satisfy((k: EventKind[]) => inOrder(k, ['failback-start', 'vip-down', 'failback-done']));
      const regained = sim.first('primary', 'failback-done');
      expect(regained.at).to.equal(released.at + 1);
      expect(kinds(sim, 'primary', regained.at)).to.satisfy((k: EventKind[]) => inOrder(k, ['claim-sent', 'vip-up', 'arp-sent', 'failback-done']));
      expect(sim.first('primary', 'failback-start').detail).to.equal(`${VIP_TEXT} is held by standby at epoch 2; failback immediate: waiting for its release`);
      expect(sim.first('primary', 'claim-sent', RESTART_AT).detail).to.equal(`claimed ${VIP_TEXT} at epoch 3`);
      expect(sim.contention(VIP_TEXT).maxHolders).to.equal(1);
      expect(sim.holders(VIP_TEXT)).to.deep.equal(['primary']);
      expect(sim.eventsOf('primary', 'fenced')).to.deep.equal([]);
    });

    it('migrate: the standby lets go of the VIP (freezing its connections) before it says so; the primary claims with a connection takeover from it', function () {
      const sim = failover('migrate').run(15_000);
      const released = sim.first('standby', 'vip-down');
      expect(released.at).to.equal(RESTART_AT + 1);
      expect(released.detail).to.equal(`${VIP_TEXT} released to primary (failback migrate: its connections frozen here, for the owner to rebuild)`);
      const standbyDid = sim.actions.filter((a) => a.node === 'standby' && a.at === released.at && a.action.kind !== 'event').map((a) => (a.action.kind === 'send' ? `send ${a.action.message.kind}` : a.action.kind));
      expect(standbyDid.filter((k) => k === 'removeAddress' || k === 'send release')).to.deep.equal(['removeAddress', 'send release']);
      const regained = sim.first('primary', 'failback-done');
      const primaryDid = sim.actions.filter((a) => a.node === 'primary' && a.at === regained.at && a.action.kind !== 'event').map((a) => a.action);
      expect(primaryDid.map((a) => (a.kind === 'send' ? `send ${a.message.kind}` : a.kind))).to.deep.equal(['send claim', 'prepareConnections', 'addAddress', 'gratuitousArp', 'restoreConnections']);
      expect(primaryDid[1]).to.deep.equal({ kind: 'prepareConnections', from: 'standby', addresses: [VIP], migration: true });
      expect(regained.detail).to.equal(`${VIP_TEXT} regained from its holder (standby); its connections migrate back`);
      expect(sim.contention(VIP_TEXT).maxHolders).to.equal(1);
      expect(sim.holders(VIP_TEXT)).to.deep.equal(['primary']);
    });

    it('new-connections: the standby waits while it serves 2 connections and releases the moment it reports 0', function () {
      const ZERO_AT = 11_000;
      const sim = failover('new-connections', (s) => s.at(6_000, () => s.connections('standby', 2)).at(ZERO_AT, () => s.connections('standby', 0))).run(15_000);
      const start = sim.first('standby', 'failback-start');
      expect(start.at).to.equal(RESTART_AT + 1);
      expect(start.detail).to.match(/waiting until the 2 live connections close/);
      expect(sim.first('standby', 'vip-down').at).to.equal(ZERO_AT);
      expect(sim.first('primary', 'vip-up', RESTART_AT).at).to.equal(ZERO_AT + 1);
      expect(sim.contention(VIP_TEXT).maxHolders).to.equal(1);
      expect(sim.holders(VIP_TEXT)).to.deep.equal(['primary']);
    });
  });

  it('witness crash: primary and standby lose protection, nothing moves, and protection returns with the witness', function () {
    const sim = cluster();
    sim.at(CRASH_AT, () => sim.crash('witness')).at(15_000, () => sim.restart('witness')).run(16_000);
    for (const node of ['primary', 'standby']) {
      const lost = sim.first(node, 'protection-lost');
      expect(lost.at, node).to.equal(sim.lastHeard(node, 'witness', 15_000) + LOST_MS);
      expect(lost.detail).to.match(/witness witness lost/);
      expect(sim.first(node, 'protection-restored').at).to.equal(15_001);
    }
    expect(sim.first('primary', 'protection-lost').detail).to.match(/still serving/);
    expect(sim.events.filter((e) => ['declared', 'decided', 'fenced', 'vip-down'].includes(e.event))).to.deep.equal([]);
    expect(claims(sim, 'standby')).to.deep.equal([]);
    expect(sim.holders(VIP_TEXT)).to.deep.equal(['primary']);
  });
});
