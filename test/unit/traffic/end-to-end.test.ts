import { expect } from 'chai';
import { only, runGen, startServe, stop, type GenResult, type ServeProcess } from './processes.js';
import { listenTinyRedis } from './tiny-redis.js';

/** Common spec fields; the scenario loader fills these in real runs. */
const common = { from: 'client', startMs: 0, reconnect: false, stallTimeoutMs: 2000, connectTimeoutMs: 200 };
/** How far ahead a paced window starts: the generator is a process of its own, and its start-up takes longer on a loaded machine. */
const LEAD_MS = 500;

/** Every sent message verified, nothing else wrong, and `done` agreeing with the records. */
function expectClean(r: GenResult): void {
  expect(r.code, r.stderr).to.equal(0);
  expect(only(r.ops, 'error'), 'errors').to.deep.equal([]);
  const sent = only(r.ops, 'sent');
  const verified = only(r.ops, 'verified');
  expect(verified.map((o) => o.seq)).to.deep.equal(sent.map((o) => o.seq));
  const done = only(r.ops, 'done');
  expect(done).to.have.length(1);
  expect(r.ops.at(-1)).to.equal(done[0]);
  expect(done[0]).to.deep.include({
    sent: sent.length,
    verified: verified.length,
    bytesSent: sent.reduce((n, o) => n + o.bytes, 0),
    bytesVerified: verified.reduce((n, o) => n + o.bytes, 0),
  });
  expect(only(r.ops, 'connect')).to.have.length(1);
  for (const v of verified) expect(v.rttMs).to.be.at.least(0);
}

/**
 * Paced at `rate` a second until the window ends: the count matches the time the generator had.
 * The pacer counts from the connection, which a loaded machine can delay past `startAt` (a
 * process start-up), so the time is taken from the first message, not from `startAt`.
 */
function expectPaced(sent: { t: number }[], rate: number, startAt: number, durationMs: number): void {
  const end = startAt + durationMs;
  expect(sent[0]!.t).to.be.at.least(startAt);
  expect(sent.at(-1)!.t).to.be.below(end);
  const due = (rate * (end - sent[0]!.t)) / 1000;
  expect(sent.length, `${due.toFixed(1)} due from the first message at ${sent[0]!.t - startAt} ms`).to.be.within(Math.floor(due) - 2, Math.ceil(due) + 2);
}

describe('traffic: generators against the real echo server (127.0.0.1)', function () {
  this.timeout(6000);
  let serve: ServeProcess | undefined;

  beforeEach(async function () {
    serve = await startServe();
  });
  afterEach(function () {
    stop(serve?.child);
  });

  it('stream at 200 msg/s for 1 s: every frame echoed and verified in order, 124 bytes each', async function () {
    const startAt = Date.now() + LEAD_MS;
    const { result } = runGen({ spec: { ...common, kind: 'stream', name: 's1', rate: 200, size: 100, durationMs: 1000 }, host: '127.0.0.1', port: serve!.port, seed: 7, startAt });
    const r = await result;
    expectClean(r);
    const sent = only(r.ops, 'sent');
    expectPaced(sent, 200, startAt, 1000);
    expect(sent.every((o) => o.bytes === 124)).to.equal(true);
  });

  it('rpc closed loop for 0.5 s: at most `concurrency` outstanding, each answer timed', async function () {
    const startAt = Date.now() + LEAD_MS;
    const { result } = runGen({ spec: { ...common, kind: 'rpc', name: 'r1', rate: 0, concurrency: 4, size: 32, durationMs: 500 }, host: '127.0.0.1', port: serve!.port, seed: 8, startAt });
    const r = await result;
    expectClean(r);
    expect(only(r.ops, 'sent').length).to.be.above(100);
    let outstanding = 0;
    let most = 0;
    for (const o of r.ops) {
      if (o.kind === 'sent') most = Math.max(most, ++outstanding);
      if (o.kind === 'verified') outstanding--;
    }
    expect(most).to.equal(4);
  });

  it('bulk both, 8 MiB: every byte back through the echo, in 128 chunks of 64 KiB', async function () {
    const bytes = 8 * 1024 * 1024;
    const { result } = runGen({ spec: { ...common, kind: 'bulk', name: 'b1', bytes, direction: 'both' }, host: '127.0.0.1', port: serve!.port, seed: 9, startAt: Date.now() });
    const r = await result;
    expectClean(r);
    expect(only(r.ops, 'sent')).to.have.length(128);
    expect(only(r.ops, 'done')[0]).to.deep.include({ bytesSent: bytes, bytesVerified: bytes });
  });

  it('refuses bulk down before connecting, exit 2, with the fix on stderr', async function () {
    const { result } = runGen({ spec: { ...common, kind: 'bulk', name: 'b2', bytes: 10, direction: 'down' }, host: '127.0.0.1', port: serve!.port, seed: 1, startAt: 0 });
    const r = await result;
    expect(r.code).to.equal(2);
    expect(r.ops).to.deep.equal([]);
    expect(r.stderr).to.match(/echo app only returns what the client sends\n {2}fix: use direction "both"/);
  });
});

describe('traffic: kv generator against the real kv server (127.0.0.1)', function () {
  this.timeout(6000);
  let serve: ServeProcess | undefined;

  afterEach(function () {
    stop(serve?.child);
  });

  it('kv at 200 commands/s for 1 s: every reply matches the model of the connection\'s store', async function () {
    serve = await startServe(0, 'kv');
    const startAt = Date.now() + LEAD_MS;
    const { result } = runGen({ spec: { ...common, kind: 'kv', name: 'kv1', rate: 200, durationMs: 1000 }, host: '127.0.0.1', port: serve.port, seed: 1, startAt });
    const r = await result;
    expectClean(r);
    expectPaced(only(r.ops, 'sent'), 200, startAt, 1000);
  });

  it('kv against the echo server: every reply is corrupt, and the detail says why', async function () {
    serve = await startServe(0, 'echo');
    const { result } = runGen({ spec: { ...common, kind: 'kv', name: 'kv1', rate: 200, durationMs: 200 }, host: '127.0.0.1', port: serve.port, seed: 1, startAt: Date.now() + LEAD_MS });
    const r = await result;
    const errors = only(r.ops, 'error');
    expect(errors.length).to.equal(only(r.ops, 'sent').length);
    expect(errors[0]).to.deep.include({ error: 'corrupt', seq: 0, detail: 'seq 0: INCR counter answered INCR counter, expected 1 (the server echoed the command: it is not running the kv app; set service.app: kv)' });
  });
});

describe('traffic: lines generator against the real stamp and echo servers (127.0.0.1)', function () {
  this.timeout(6000);
  let serve: ServeProcess | undefined;

  afterEach(function () {
    stop(serve?.child);
  });

  it('lines at 200 lines/s for 1 s against stamp: every reply, random digits and all, begins with its line', async function () {
    serve = await startServe(0, 'stamp');
    const startAt = Date.now() + LEAD_MS;
    const { result } = runGen({ spec: { ...common, kind: 'lines', name: 'l1', rate: 200, durationMs: 1000 }, host: '127.0.0.1', port: serve.port, seed: 1, startAt });
    const r = await result;
    expectClean(r);
    const sent = only(r.ops, 'sent');
    expectPaced(sent, 200, startAt, 1000);
    // `line 7\n` comes back as `line 7 3fa9c2d1\n`: 9 bytes more per line.
    expect(only(r.ops, 'verified').map((v) => v.bytes)).to.deep.equal(sent.map((s) => s.bytes + 9));
  });

  it('lines against the echo server: every reply is the line itself', async function () {
    serve = await startServe(0, 'echo');
    const { result } = runGen({ spec: { ...common, kind: 'lines', name: 'l1', rate: 200, durationMs: 300 }, host: '127.0.0.1', port: serve.port, seed: 1, startAt: Date.now() + LEAD_MS });
    const r = await result;
    expectClean(r);
    expect(only(r.ops, 'verified').map((v) => v.bytes)).to.deep.equal(only(r.ops, 'sent').map((s) => s.bytes));
  });

  it('lines against the kv server: every reply is corrupt, and the detail says what was sent and what came back', async function () {
    serve = await startServe(0, 'kv');
    const { result } = runGen({ spec: { ...common, kind: 'lines', name: 'l1', rate: 200, durationMs: 200 }, host: '127.0.0.1', port: serve.port, seed: 1, startAt: Date.now() + LEAD_MS });
    const r = await result;
    const errors = only(r.ops, 'error');
    expect(errors.length).to.equal(only(r.ops, 'sent').length);
    expect(errors[0]).to.deep.include({ error: 'corrupt', seq: 0, detail: 'seq 0: line 0 answered ERR unknown command, expected a reply beginning with line 0' });
  });
});

describe('traffic: kv generator in RESP against a tiny Redis (node:net, 127.0.0.1)', function () {
  this.timeout(6000);

  it('kv in RESP at 200 commands/s for 1 s: every reply matches the model, every command reached the server', async function () {
    const redis = await listenTinyRedis();
    try {
      const startAt = Date.now() + LEAD_MS;
      const { result } = runGen({ spec: { ...common, kind: 'kv', name: 'kv1', rate: 200, dialect: 'resp', durationMs: 1000 }, host: '127.0.0.1', port: redis.port, seed: 1, startAt });
      const r = await result;
      expectClean(r);
      const sent = only(r.ops, 'sent');
      expectPaced(sent, 200, startAt, 1000);
      expect(redis.answered()).to.equal(sent.length);
      expect(sent[0]!.bytes).to.equal('*2\r\n$4\r\nINCR\r\n$7\r\ncounter\r\n'.length);
    } finally {
      redis.server.close();
    }
  });
});
