import { expect } from 'chai';
import net from 'node:net';
import { once } from 'node:events';
import { only, runGen } from './processes.js';

const stream = { kind: 'stream', name: 's', from: 'client', startMs: 0, rate: 200, size: 16, durationMs: 800, reconnect: false };

describe('traffic: stalls and refusals', function () {
  this.timeout(5000);

  it('a server that reads but never answers: timeout after stallTimeoutMs, outstanding counted lost, done at the end time', async function () {
    const sockets: net.Socket[] = [];
    const blackHole = net.createServer((s) => {
      sockets.push(s);
      s.resume();
    });
    blackHole.listen(0, '127.0.0.1');
    await once(blackHole, 'listening');
    try {
      const port = (blackHole.address() as net.AddressInfo).port;
      const startAt = Date.now() + 150;
      const r = await runGen({ spec: { ...stream, stallTimeoutMs: 300, connectTimeoutMs: 200 }, host: '127.0.0.1', port, seed: 1, startAt }).result;
      expect(r.code, r.stderr).to.equal(0);
      const errors = only(r.ops, 'error');
      expect(errors.map((e) => e.error)).to.deep.equal(['timeout', 'gap']);
      const firstSent = only(r.ops, 'sent')[0]!;
      // At the stall timeout, not before; the upper bound leaves a loaded machine's timer slack.
      expect(errors[0]!.t - firstSent.t).to.be.within(300, 700);
      expect(errors[0]!.detail).to.match(/no answer for 300 ms \(stall timeout\)/);
      const done = only(r.ops, 'done')[0]!;
      expect(errors[1]!.detail).to.match(new RegExp(`^${done.sent} outstanding on conn 1 when it broke \\(seq 0–${done.sent - 1}\\): lost, not resent$`));
      expect(done.verified).to.equal(0);
      expect(done.t).to.be.at.least(startAt + 800 - 1);
    } finally {
      for (const s of sockets) s.destroy();
      blackHole.close();
    }
  });

  it('nothing listening: one refused record, then idle until the end time without reconnect', async function () {
    const probe = net.createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const startAt = Date.now() + 100;
    const r = await runGen({ spec: { ...stream, durationMs: 400, stallTimeoutMs: 2000, connectTimeoutMs: 200 }, host: '127.0.0.1', port, seed: 1, startAt }).result;
    expect(r.code, r.stderr).to.equal(0);
    expect(r.ops.map((o) => o.kind)).to.deep.equal(['error', 'done']);
    expect(only(r.ops, 'error')[0]).to.deep.include({ conn: 1, error: 'refused' });
    expect(only(r.ops, 'done')[0]!.t).to.be.at.least(startAt + 400 - 1);
  });
});
