import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Operation } from '../../../harness/history/types.js';
import { only, runGen, startServe, stop, type ServeProcess } from './processes.js';

const BREAKS = ['reset', 'closed', 'timeout'];

/** The error records that say the connection broke (a SIGKILLed server's kernel sends RST or FIN). */
function breaks(ops: Operation[]): Extract<Operation, { kind: 'error' }>[] {
  return only(ops, 'error').filter((e) => BREAKS.includes(e.error));
}

/** Messages recorded lost with a connection, from the `gap` records' "N outstanding …" detail. */
function lostCount(ops: Operation[]): number {
  return only(ops, 'error')
    .filter((e) => e.error === 'gap')
    .reduce((n, e) => n + Number(/^(\d+) outstanding/.exec(e.detail)?.[1] ?? NaN), 0);
}

describe('traffic: a server killed under a live stream', function () {
  this.timeout(6000);
  const children: (ServeProcess | undefined)[] = [];

  afterEach(function () {
    for (const s of children.splice(0)) stop(s?.child);
  });

  it('reconnect: true → one break, one reconnect 250–2000 ms later, the sequence continues on conn 2', async function () {
    const first = await startServe();
    children.push(first);
    const startAt = Date.now() + 150;
    const gen = runGen({ spec: { kind: 'stream', name: 's', from: 'client', startMs: 0, rate: 200, size: 64, durationMs: 1400, reconnect: true, stallTimeoutMs: 2000, connectTimeoutMs: 200 }, host: '127.0.0.1', port: first.port, seed: 3, startAt });
    // The kill comes while the stream flows, however late a loaded machine started the generator.
    await gen.verifying;
    await sleep(startAt + 400 - Date.now());
    first.child.kill('SIGKILL');
    await first.exited;
    await sleep(300);
    children.push(await startServe(first.port));
    const r = await gen.result;

    expect(r.code, r.stderr).to.equal(0);
    const broke = breaks(r.ops);
    expect(broke, JSON.stringify(broke)).to.have.length(1);
    expect(only(r.ops, 'error').filter((e) => e.error === 'refused').length).to.be.at.most(1);
    const reconnects = only(r.ops, 'reconnect');
    expect(reconnects).to.have.length(1);
    expect(reconnects[0]!.conn).to.equal(2);
    expect(reconnects[0]!.afterMs).to.be.at.least(250).and.below(2000);
    const after = only(r.ops, 'verified').filter((v) => v.t > reconnects[0]!.t);
    expect(after.length).to.be.above(20);
    expect(after.every((v) => v.conn === 2)).to.equal(true);
    // Sequence numbers continue: conn 2 starts right after the last seq sent on conn 1.
    const sent = only(r.ops, 'sent');
    const lastOn1 = sent.filter((s) => s.conn === 1).at(-1)!.seq;
    expect(sent.find((s) => s.conn === 2)!.seq).to.equal(lastOn1 + 1);
    expect(only(r.ops, 'error').filter((e) => ['corrupt', 'duplicate'].includes(e.error))).to.deep.equal([]);
    // Accounting: every message sent was either verified or counted lost, once.
    const done = only(r.ops, 'done')[0]!;
    expect(done.sent).to.equal(sent.length);
    expect(done.sent - done.verified).to.equal(lostCount(r.ops));
  });

  it('reconnect: false → the break is recorded, nothing is verified after it, done comes at the end time', async function () {
    const serve = await startServe();
    children.push(serve);
    const startAt = Date.now() + 150;
    const durationMs = 1000;
    const gen = runGen({ spec: { kind: 'stream', name: 's', from: 'client', startMs: 0, rate: 200, size: 64, durationMs, reconnect: false, stallTimeoutMs: 2000, connectTimeoutMs: 200 }, host: '127.0.0.1', port: serve.port, seed: 3, startAt });
    await gen.verifying;
    await sleep(startAt + 400 - Date.now());
    serve.child.kill('SIGKILL');
    const r = await gen.result;

    expect(r.code, r.stderr).to.equal(0);
    expect(only(r.ops, 'reconnect')).to.deep.equal([]);
    const broke = breaks(r.ops);
    expect(broke).to.have.length(1);
    const survived = broke.length === 0 && only(r.ops, 'reconnect').length === 0;
    expect(survived).to.equal(false);
    expect(only(r.ops, 'connect')).to.have.length(1);
    expect(only(r.ops, 'verified').every((v) => v.t <= broke[0]!.t)).to.equal(true);
    expect(only(r.ops, 'sent').every((s) => s.t <= broke[0]!.t)).to.equal(true);
    const done = only(r.ops, 'done')[0]!;
    expect(done.t).to.be.at.least(startAt + durationMs - 1);
    expect(done.sent - done.verified).to.equal(lostCount(r.ops));
  });
});
