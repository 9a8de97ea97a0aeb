import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { agentsReadyAt } from '../../../harness/history/agents-ready.js';
import type { RunEvent } from '../../../harness/history/types.js';
import { parseHistory } from '../../../harness/metrics/index.js';
import { dockerSuite } from '../../support/docker.js';
import { freshResultsDir, injected, runScenario } from '../../support/run.js';

type AgentEvent = Extract<RunEvent, { source: 'agent' }>;
/** A node's agent events of `kind` from the instant the agents were at rest (not their bring-up). */
const agentEvents = (events: RunEvent[], node: string, kind: string): AgentEvent[] => {
  const ready = agentsReadyAt(events);
  return events.filter((e): e is AgentEvent => e.source === 'agent' && e.node === node && e.kind === kind && e.t >= ready);
};

describe('@docker hatcp agent scenarios', function () {
  this.timeout(180_000);
  dockerSuite();
  const dir = freshResultsDir();

  it('partition of the standby from the primary alone: the standby declares it failed, the witness does not agree, nothing moves', async function () {
    const r = await runScenario('scenarios/partition-standby-hatcp.yaml', dir());
    expect(r.exitCode, r.stdout).to.equal(0);
    expect(agentEvents(r.events, 'standby', 'declared'), 'the standby loses the primary').to.have.length.at.least(1);
    expect(agentEvents(r.events, 'standby', 'decided')).to.deep.equal([]);
    expect(agentEvents(r.events, 'standby', 'vip-up')).to.deep.equal([]);
    expect(r.metrics.generators[0]!.survived).to.equal(true);
  });

  it('partition of the primary from standby and witness: takeover, then the healed primary is fenced; dual ownership is reported', async function () {
    const r = await runScenario('scenarios/partition-primary-hatcp.yaml', dir());
    expect(r.exitCode, r.stdout).to.equal(0);
    const heal = r.events.find((e) => e.source === 'injector' && e.kind === 'revert')!;
    const [decided] = agentEvents(r.events, 'standby', 'decided');
    const [fenced] = agentEvents(r.events, 'primary', 'fenced');
    expect(decided && fenced, 'decided on the standby and fenced on the primary').to.not.equal(undefined);
    // Fenced at the first heartbeat the primary hears after the heal: within a few intervals.
    expect(fenced!.t - heal.t).to.be.within(0, 300);
    const dual = r.metrics.ownership.dual[0]!;
    expect(dual.nodes).to.deep.equal(['primary', 'standby']);
    expect(r.metrics.ownership.dualMs).to.be.greaterThan(0);
  });

  it('pause of the primary past detection: the standby takes over, the thawed primary is fenced at once', async function () {
    const r = await runScenario('scenarios/pause-hatcp.yaml', dir());
    expect(r.exitCode, r.stdout).to.equal(0);
    const resume = r.events.find((e) => e.source === 'injector' && e.kind === 'revert')!;
    const [fenced] = agentEvents(r.events, 'primary', 'fenced');
    const [down] = agentEvents(r.events, 'primary', 'vip-down');
    expect(fenced, 'fenced').to.not.equal(undefined);
    expect(down!.t - resume.t, 'VIP dropped after the thaw').to.be.within(0, 300);
    expect(r.metrics.ownership.dualMs).to.be.greaterThan(0);
    expect(r.stdout).to.match(/## Dual VIP ownership: [\d.]+ ms in total/);
  });

  it('witness crash: nothing moves; primary and standby report the loss of protection, and its return', async function () {
    const r = await runScenario('scenarios/witness-crash-hatcp.yaml', dir());
    expect(r.exitCode, r.stdout).to.equal(0);
    const crash = injected(r.events, 'crash')[0]!;
    for (const node of ['primary', 'standby']) {
      const lost = agentEvents(r.events, node, 'protection-lost').filter((e) => e.t > crash.applied);
      const back = agentEvents(r.events, node, 'protection-restored').filter((e) => e.t > crash.applied);
      expect(lost.length && back.length, `${node}: lost ${lost.length}, restored ${back.length}`).to.be.greaterThan(0);
    }
    expect(['standby', 'primary'].flatMap((node) => ['decided', 'fenced', 'vip-down'].flatMap((kind) => agentEvents(r.events, node, kind)))).to.deep.equal([]);
    expect(r.metrics.generators[0]!.survived).to.equal(true);
  });

  it('failback immediate: the restarted primary gets its VIP back as soon as the standby hears it', async function () {
    const r = await runScenario('scenarios/failback-immediate-hatcp.yaml', dir());
    expect(r.exitCode, r.stdout).to.equal(0);
    const restart = injected(r.events, 'restart')[0]!;
    const [released] = agentEvents(r.events, 'standby', 'vip-down');
    const regained = agentEvents(r.events, 'primary', 'vip-up').filter((e) => e.t > restart.scheduled);
    expect(released && regained.length, 'released by the standby, regained by the primary').to.be.ok;
    expect(regained[0]!.t).to.be.at.least(released!.t);
    expect(r.metrics.ownership.dualMs).to.equal(0);
  });

  it('failback new-connections: the standby keeps the VIP while it serves the client, and releases it once the connection closes', async function () {
    const r = await runScenario('scenarios/failback-newconn-hatcp.yaml', dir());
    expect(r.exitCode, r.stdout).to.equal(0);
    const history = parseHistory(await readFile(join(r.runDir, 'history.ndjson'), 'utf8'));
    const lastVerified = Math.max(...history.filter((o) => o.kind === 'verified').map((o) => o.t));
    const [start] = agentEvents(r.events, 'standby', 'failback-start');
    const [released] = agentEvents(r.events, 'standby', 'vip-down');
    expect(start!.detail).to.match(/waiting until the 1 live connections close/);
    expect(released, 'released').to.not.equal(undefined);
    // The client's connection to the standby lasts until its last message; the release comes after, not before.
    expect(released!.t).to.be.greaterThan(lastVerified);
    expect(released!.t - lastVerified).to.be.below(2000);
    expect(agentEvents(r.events, 'primary', 'vip-up').filter((e) => e.t > start!.t)[0]!.t).to.be.at.least(released!.t);
  });

  it('witness then primary crash, witness policy safety: the standby declares the primary failed but waits, and says why', async function () {
    const r = await runScenario('scenarios/nowitness-safety-hatcp.yaml', dir());
    expect(r.exitCode, r.stdout).to.equal(0);
    expect(agentEvents(r.events, 'standby', 'declared'), 'declared').to.have.length.at.least(1);
    const [waiting] = agentEvents(r.events, 'standby', 'witness-lost');
    expect(waiting!.detail).to.match(/witness policy safety: not taking over 10\.77\.0\.100\/24 until a witness confirms/);
    expect(agentEvents(r.events, 'standby', 'vip-up')).to.deep.equal([]);
    expect(r.metrics.faults.find((f) => f.id === 'f2')!.recovered).to.equal(false);
  });

  it('witness then primary crash, witness policy availability: the standby takes over without a witness, and says so', async function () {
    const r = await runScenario('scenarios/nowitness-avail-hatcp.yaml', dir());
    expect(r.exitCode, r.stdout).to.equal(0);
    const [decided] = agentEvents(r.events, 'standby', 'decided');
    expect(decided!.detail).to.match(/availability/);
    expect(agentEvents(r.events, 'standby', 'vip-up')).to.have.length(1);
    expect(r.metrics.faults.find((f) => f.id === 'f2')!.recoverMs!).to.be.below(1000);
  });

  it('crash-keepalived-fast: keepalived at the same detection budget moves the VIP in the same few hundred ms', async function () {
    const r = await runScenario('scenarios/crash-keepalived-fast.yaml', dir());
    expect(r.exitCode, r.stdout).to.equal(0);
    const f1 = r.metrics.faults.find((f) => f.id === 'f1')!;
    const master = f1.waterfall.find((p) => p.name === 'vrrp-master' && p.by === 'standby');
    expect(master!.sinceFaultMs).to.be.within(100, 400);
  });
});
