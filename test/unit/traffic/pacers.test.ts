import { expect } from 'chai';
import { RpcPacer } from '../../../harness/traffic/pacing/rpc-pacer.js';
import { StreamPacer } from '../../../harness/traffic/pacing/stream-pacer.js';

describe('traffic: pacing', function () {
  it('stream: sends one at once, then rate/s whatever is outstanding, catching up after a late timer', function () {
    const p = new StreamPacer(200); // every 5 ms
    p.restart(1000);
    expect(p.due(1000)).to.equal(1);
    p.sent(1);
    expect(p.due(1004.9)).to.equal(0);
    expect(p.wakeIn(1002)).to.equal(3);
    expect(p.due(1021)).to.equal(4); // due at 1005, 1010, 1015, 1020
    p.sent(4);
    expect(p.due(1021)).to.equal(0);
  });

  it('stream: a restart (new connection) drops the backlog of the time spent down', function () {
    const p = new StreamPacer(1000);
    p.restart(0);
    p.sent(1);
    p.restart(5000);
    expect(p.due(5000)).to.equal(1);
  });

  it('rpc closed loop: fills the free slots of the concurrency, wakes only on answers', function () {
    const p = new RpcPacer(0, 4);
    p.restart(0);
    expect(p.due(0, 0)).to.equal(4);
    expect(p.due(0, 3)).to.equal(1);
    expect(p.due(0, 4)).to.equal(0);
    expect(p.wakeIn(0, 4)).to.equal(Infinity);
  });

  it('rpc with a rate: a token bucket of `concurrency` tokens, so a stall does not become a burst', function () {
    const p = new RpcPacer(100, 2); // a token every 10 ms
    p.restart(0);
    expect(p.due(0, 0)).to.equal(1);
    p.sent(1, 0);
    expect(p.due(5, 1)).to.equal(0);
    expect(p.wakeIn(5, 1)).to.be.closeTo(5, 1e-9);
    expect(p.due(10, 1)).to.equal(1);
    expect(p.due(10_000, 0)).to.equal(2); // capped at the concurrency
    expect(p.due(10_000, 2)).to.equal(0);
  });

  it('refuses rates and concurrencies that make no sense', function () {
    expect(() => new StreamPacer(0)).to.throw(/rate must be > 0/);
    expect(() => new RpcPacer(-1, 1)).to.throw(/rate must be ≥ 0/);
    expect(() => new RpcPacer(0, 0)).to.throw(/concurrency must be an integer ≥ 1/);
  });
});
