import { expect } from 'chai';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { fetchCache, type FetchCacheOptions } from '../../../../agent/transfer/cache-client.js';
import { CacheServer, MAX_REQUEST_BODY_BYTES, type CacheServerOptions, type SentInfo } from '../../../../agent/transfer/cache-server.js';
import { encodeFrame, FrameReader, MAGIC, TYPE_CODES, type TransferFrame } from '../../../../agent/transfer/frame.js';
import { WarmConnection } from '../../../../agent/transfer/warm-connection.js';
import type { CacheEntry } from '../../../../agent/witness/cache-entry.js';
import { KEY, OTHER_KEY } from '../support/messages.js';
import { transferRequest, VIP } from '../support/transfer.js';

const MIB = 1024 * 1024;

/** Three entries: every optional field (1 MiB of bytes), none, and one with an empty stream. */
function sampleEntries(): CacheEntry[] {
  const big = new Uint8Array(MIB);
  for (let i = 0; i < big.length; i++) big[i] = (i * 131 + 3) & 0xff;
  const endpoints = (n: number) => ({ key: `10.77.0.${n}:4000${n}>${VIP}:7000`, client: { ip: `10.77.0.${n}`, port: 40000 + n }, server: { ip: VIP, port: 7000 } });
  return [
    {
      ...endpoints(20),
      phase: 'established',
      clientIsn: 1,
      serverIsn: 2,
      clientOptions: { mss: 1460, wscale: 7, sackPermitted: true, ts: { val: 1, ecr: 0 } },
      serverOptions: { mss: 1460, wscale: 7, sackPermitted: true, ts: { val: 9, ecr: 1 } },
      clientLatest: { t: 1000, seq: 1 + MIB, ack: 3, window: 500, tsVal: 40 },
      serverLatest: { t: 1001, seq: 3, ack: 1 + MIB, window: 500, tsVal: 41 },
      clientBytes: big,
      finFromClient: false,
      finFromServer: false,
    },
    { ...endpoints(21), phase: 'handshake', clientBytes: Uint8Array.of(1, 2, 3), finFromClient: false, finFromServer: false },
    { ...endpoints(22), phase: 'closing', clientBytes: new Uint8Array(0), finFromClient: true, finFromServer: false, unrecoverable: 'no handshake seen' },
  ];
}

interface Witness {
  server: CacheServer;
  port: number;
  logs: string[];
  sent: SentInfo[];
  asked: string[][];
}

const open: CacheServer[] = [];
const fakes: Server[] = [];
const fakeSockets: Socket[] = [];

async function startWitness(over: Partial<CacheServerOptions> = {}, entries = sampleEntries()): Promise<Witness> {
  const logs: string[] = [];
  const sent: SentInfo[] = [];
  const asked: string[][] = [];
  const server = new CacheServer({
    key: KEY,
    clusterId: 'lab',
    members: ['primary', 'standby'],
    entries: (ips) => (asked.push(ips), entries),
    log: (line) => logs.push(line),
    onSent: (info) => sent.push(info),
    ...over,
  });
  open.push(server);
  const port = await server.listen('127.0.0.1', 0);
  return { server, port, logs, sent, asked };
}

/** A TCP server of the test's own that does `onConnection` with each socket. */
async function fakeWitness(onConnection?: (socket: Socket) => void): Promise<number> {
  const server = createServer((socket) => {
    fakeSockets.push(socket);
    socket.on('error', () => undefined);
    onConnection?.(socket);
  });
  fakes.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

const fetchOptions = (port: number, over: Partial<FetchCacheOptions> = {}): FetchCacheOptions => ({
  host: '127.0.0.1',
  port,
  key: KEY,
  clusterId: 'lab',
  from: 'standby',
  bootId: '00000000000000b2',
  lost: 'primary',
  ips: [VIP],
  timeoutMs: 3000,
  ...over,
});

const requestBody = transferRequest;

interface Exchange {
  frames: TransferFrame[];
  /** Why the answer could not be read, if it could not. */
  failure?: string;
}

/**
 * Sends raw bytes to the witness as separate writes, half-closes unless told not to, and
 * collects the frames it answers with until it closes. With `ackEntries`, acknowledges an
 * entries answer like a real standby.
 */
function exchange(port: number, pieces: Uint8Array[], opts: { end?: boolean; ackEntries?: boolean } = {}): Promise<Exchange> {
  return new Promise((resolve) => {
    const reader = new FrameReader(KEY);
    const out: Exchange = { frames: [] };
    const socket = connect({ host: '127.0.0.1', port }, async () => {
      for (const piece of pieces) {
        socket.write(piece);
        await new Promise((r) => setImmediate(r));
      }
      if (opts.end !== false) socket.end();
    });
    socket.on('data', (chunk: Buffer) => {
      const r = reader.push(chunk);
      if (!r.ok) out.failure ??= `${r.reason}: ${r.detail}`;
      else
        for (const frame of r.frames) {
          out.frames.push(frame);
          if (frame.type === 'entries' && opts.ackEntries) {
            const bytes = frame.body.entries.reduce((sum, e) => sum + e.clientBytes.length, 0);
            socket.end(encodeFrame({ type: 'ack', body: { nonce: frame.body.nonce, received: frame.body.entries.length, bytes } }, KEY));
          }
        }
    });
    socket.on('error', () => undefined); // the witness may reset a connection it refused
    socket.on('close', () => {
      const tail = reader.end();
      if (tail) out.failure ??= `${tail.reason}: ${tail.detail}`;
      resolve(out);
    });
  });
}

const refusal = (x: Exchange): string => {
  const frame = x.frames[0];
  return frame?.type === 'refused' ? frame.body.reason : `no refusal: ${JSON.stringify(x.frames.map((f) => f.type))} ${x.failure ?? ''}`;
};

const until = async (what: string, check: () => boolean, ms = 3000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('agent transfer: witness → standby cache transfer over TCP', function () {
  this.timeout(20_000);

  afterEach(async function () {
    await Promise.all(open.splice(0).map((s) => s.close()));
    for (const socket of fakeSockets.splice(0)) socket.destroy();
    await Promise.all(fakes.splice(0).map((s) => new Promise((r) => s.close(r))));
  });

  describe('a good exchange', function () {
    it('hands the standby exactly the entries of the lost node, and the witness reports the ack', async function () {
      const w = await startWitness();
      const got = await fetchCache(fetchOptions(w.port));
      expect(got.entries).to.deep.equal(sampleEntries());
      expect(got.bytes).to.equal(MIB + 3);
      expect(w.asked).to.deep.equal([[VIP]]);
      await until('onSent', () => w.sent.length === 1);
      expect(w.sent[0]).to.deep.include({ to: 'standby', lost: 'primary', entries: 3, bytes: MIB + 3, acked: true });
      await until('the connection to close', () => w.server.connections === 0);
    });

    it('completes a transfer that outlasts the idle timeout while bytes keep flowing', async function () {
      const big: CacheEntry = { ...sampleEntries()[1]!, clientBytes: new Uint8Array(24 * MIB).fill(7) };
      const w = await startWitness({ idleTimeoutMs: 400 }, [big]);
      const t0 = Date.now();
      const got = await new Promise<TransferFrame[]>((resolve) => {
        const reader = new FrameReader(KEY);
        const frames: TransferFrame[] = [];
        let sincePause = 0;
        const socket = connect({ host: '127.0.0.1', port: w.port }, () => socket.write(encodeFrame({ type: 'request', body: requestBody() }, KEY)));
        socket.on('data', (chunk: Buffer) => {
          // A slow standby: 1 MiB, then 80 ms of not reading.
          sincePause += chunk.length;
          if (sincePause >= MIB) {
            sincePause = 0;
            socket.pause();
            setTimeout(() => socket.resume(), 80);
          }
          const r = reader.push(chunk);
          if (!r.ok) return void socket.destroy();
          for (const frame of r.frames) {
            frames.push(frame);
            if (frame.type === 'entries') socket.end(encodeFrame({ type: 'ack', body: { nonce: frame.body.nonce, received: 1, bytes: 24 * MIB } }, KEY));
          }
        });
        socket.on('error', () => undefined);
        socket.on('close', () => resolve(frames));
      });
      expect(Date.now() - t0, 'the transfer took longer than the idle timeout').to.be.above(1000);
      expect(got.map((f) => f.type)).to.deep.equal(['entries']);
      await until('onSent', () => w.sent.length === 1);
      expect(w.sent[0], w.logs.join('\n')).to.deep.include({ entries: 1, bytes: 24 * MIB, acked: true });
    });

    it('hands over an empty cache', async function () {
      const w = await startWitness({}, []);
      expect(await fetchCache(fetchOptions(w.port))).to.deep.include({ entries: [], bytes: 0 });
    });

    it('answers on a connection opened ahead, without connecting again', async function () {
      const w = await startWitness();
      const warm = new WarmConnection({ host: '127.0.0.1', port: w.port, maxAgeMs: 1500, log: (line) => w.logs.push(line) });
      warm.keep();
      await until('the witness to accept it', () => w.server.connections === 1);
      const socket = warm.take();
      expect(socket?.readyState).to.equal('open');
      const got = await fetchCache(fetchOptions(w.port, { socket: socket! }));
      expect(got).to.deep.include({ warm: true, connectedMs: 0 });
      expect(got.entries).to.deep.equal(sampleEntries());
      await until('onSent', () => w.sent.length === 1);
      expect(w.sent[0]).to.deep.include({ entries: 3, acked: true });
      // It was the only connection the witness saw: the one opened ahead carried the exchange.
      await until('the connection to close', () => w.server.connections === 0);
      expect(warm.take(), 'taken once').to.equal(undefined);
    });

    it('a connection opened ahead that the witness closed is not used: the fetch connects anew', async function () {
      const w = await startWitness({ idleTimeoutMs: 100 });
      const warm = new WarmConnection({ host: '127.0.0.1', port: w.port, maxAgeMs: 5000, log: () => undefined });
      warm.keep();
      const stale = connect({ host: '127.0.0.1', port: w.port });
      stale.on('error', () => undefined);
      await until('the witness to accept both', () => w.server.connections === 2);
      await until('the witness to drop them (idle)', () => w.server.connections === 0);
      await until('the client side to see it', () => stale.readyState !== 'open');
      expect(warm.take(), 'the WarmConnection noticed the close').to.equal(undefined);
      const got = await fetchCache(fetchOptions(w.port, { socket: stale }));
      expect(got.warm).to.equal(false);
      expect(got.entries).to.have.length(3);
      expect(stale.destroyed).to.equal(true);
    });

    it('a connection opened ahead closes on its own after maxAgeMs, and the witness says nothing of it', async function () {
      const w = await startWitness();
      const warm = new WarmConnection({ host: '127.0.0.1', port: w.port, maxAgeMs: 150, log: (line) => w.logs.push(line) });
      warm.keep();
      await until('the witness to accept it', () => w.server.connections === 1);
      await until('it to close', () => w.server.connections === 0, 1000);
      expect(warm.take()).to.equal(undefined);
      expect(w.logs).to.deep.equal([]);
    });

    it('answers a request that arrives a few bytes at a time', async function () {
      const w = await startWitness({}, sampleEntries().slice(1));
      const buf = encodeFrame({ type: 'request', body: requestBody() }, KEY);
      const pieces = [buf.subarray(0, 1), buf.subarray(1, 7), buf.subarray(7, 50), buf.subarray(50)];
      const x = await exchange(w.port, pieces, { end: false, ackEntries: true });
      expect(x.frames.map((f) => f.type)).to.deep.equal(['entries']);
      await until('onSent', () => w.sent.length === 1);
      expect(w.sent[0]!.acked).to.equal(true);
    });
  });

  describe('the capture catching up (caughtUp)', function () {
    it('answers only once the capture has caught up, with the state as it is then', async function () {
      let release: (() => void) | undefined;
      const gate = new Promise<undefined>((r) => (release = () => r(undefined)));
      const w = await startWitness({ caughtUp: () => gate });
      const fetching = fetchCache(fetchOptions(w.port));
      await new Promise((r) => setTimeout(r, 100));
      expect(w.asked, 'no entries built while the capture lags').to.deep.equal([]);
      release!();
      expect((await fetching).entries).to.deep.equal(sampleEntries());
      await until('onSent', () => w.sent.length === 1);
      expect(w.sent[0]!.caughtUpMs).to.be.at.least(w.sent[0]!.requestMs + 90);
    });

    it('refuses, saying why, when the capture cannot catch up: no stale state is sent', async function () {
      const w = await startWitness({ caughtUp: async () => 'the capture did not catch up within 1000 ms' });
      const error = await fetchCache(fetchOptions(w.port)).then(() => undefined, (e: Error) => e);
      expect(error?.message).to.include('the witness refused: witness cannot answer: the capture did not catch up within 1000 ms');
      expect(w.asked).to.deep.equal([]);
    });

    it('a frame sent while the capture catches up closes the connection unanswered', async function () {
      const w = await startWitness({ caughtUp: () => new Promise((r) => setTimeout(() => r(undefined), 200)) });
      const request = () => encodeFrame({ type: 'request', body: requestBody() }, KEY);
      const x = await exchange(w.port, [request(), request()], { end: false });
      expect(x.frames).to.deep.equal([]);
      expect(w.asked).to.deep.equal([]);
      await until('the log', () => w.logs.some((l) => l.includes('a request frame before the answer; closing')));
    });
  });

  describe('refusals', function () {
    it('wrong key: the standby rejects with a hint, the witness refuses and sends nothing', async function () {
      const w = await startWitness();
      const error = await fetchCache(fetchOptions(w.port, { key: OTHER_KEY })).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).to.match(/^cache transfer of primary from witness 127\.0\.0\.1:\d+ failed: bad-mac: .*same cluster key/);
      await until('the refusal log', () => w.logs.some((l) => l.includes('refused: bad-mac')));
      expect(w.asked).to.deep.equal([]);
      expect(w.sent).to.deep.equal([]);
    });

    it('a request with any one byte flipped is never answered with entries', async function () {
      const w = await startWitness({}, []);
      const good = encodeFrame({ type: 'request', body: requestBody() }, KEY);
      for (let i = 0; i < good.length; i++) {
        const bent = Buffer.from(good);
        bent[i]! ^= 0x10;
        const x = await exchange(w.port, [bent]);
        expect(x.frames.map((f) => f.type), `byte ${i}`).to.not.include('entries');
      }
      expect(w.asked).to.deep.equal([]);
    });

    it('a replayed request (same nonce) is refused', async function () {
      const w = await startWitness({}, []);
      const buf = encodeFrame({ type: 'request', body: requestBody() }, KEY);
      const first = await exchange(w.port, [buf], { end: false, ackEntries: true });
      expect(first.frames.map((f) => f.type)).to.deep.equal(['entries']);
      const again = await exchange(w.port, [buf]);
      expect(refusal(again)).to.match(/^request from standby reuses nonce [0-9a-f]{32} \(a replay\)$/);
      expect(w.asked).to.have.length(1);
    });

    it('a request whose sentAt is outside the allowed skew is refused, past or future', async function () {
      const w = await startWitness({ maxSkewMs: 5000 });
      const stale = await exchange(w.port, [encodeFrame({ type: 'request', body: requestBody({ sentAt: Date.now() - 6000 }) }, KEY)]);
      expect(refusal(stale)).to.match(/^request from standby has sentAt 6\d{3} ms behind the witness clock; at most 5000 ms allowed/);
      const future = await exchange(w.port, [encodeFrame({ type: 'request', body: requestBody({ sentAt: Date.now() + 60_000 }) }, KEY)]);
      expect(refusal(future)).to.match(/ms ahead of the witness clock/);
      expect(w.asked).to.deep.equal([]);
    });

    it('a non-member or another cluster is refused, and fetchCache reports the witness reason', async function () {
      const w = await startWitness();
      const stranger = await exchange(w.port, [encodeFrame({ type: 'request', body: requestBody({ from: 'intruder' }) }, KEY)]);
      expect(refusal(stranger)).to.equal('"intruder" is not a member of cluster "lab" (members: primary, standby)');
      const foreign = await exchange(w.port, [encodeFrame({ type: 'request', body: requestBody({ clusterId: 'other' }) }, KEY)]);
      expect(refusal(foreign)).to.equal('request is for cluster "other"; this witness serves "lab"');
      const error = await fetchCache(fetchOptions(w.port, { from: 'intruder' })).catch((e: Error) => e);
      expect((error as Error).message).to.match(/failed: the witness refused: "intruder" is not a member of cluster "lab"/);
      expect(w.asked).to.deep.equal([]);
    });

    it('an oversize declared length is refused at once, without waiting for the body', async function () {
      const w = await startWitness({ idleTimeoutMs: 10_000 });
      const header = Buffer.alloc(9);
      MAGIC.copy(header);
      header[4] = TYPE_CODES.request;
      header.writeUInt32BE(400 * MIB, 5);
      const t0 = Date.now();
      const x = await exchange(w.port, [header], { end: false });
      expect(refusal(x)).to.equal(`too-large: request frame declares a ${400 * MIB}-byte body; the limit is ${MAX_REQUEST_BODY_BYTES}`);
      expect(Date.now() - t0).to.be.below(2000);
    });

    it('a client that connects and never sends is dropped after the idle timeout', async function () {
      const w = await startWitness({ idleTimeoutMs: 300 });
      const t0 = Date.now();
      const x = await exchange(w.port, [], { end: false });
      const ms = Date.now() - t0;
      expect(x.frames).to.deep.equal([]);
      expect(ms).to.be.within(250, 2000);
      expect(w.logs.join('\n')).to.match(/no complete request after 300 ms of silence \(0 bytes buffered\); closing/);
      await until('the connection to be forgotten', () => w.server.connections === 0);
    });

    it('a standby that never acknowledges is reported as not acked after the ack timeout', async function () {
      const w = await startWitness({ ackTimeoutMs: 200 }, sampleEntries().slice(1));
      const x = await exchange(w.port, [encodeFrame({ type: 'request', body: requestBody() }, KEY)], { end: false });
      expect(x.frames.map((f) => f.type)).to.deep.equal(['entries']);
      await until('onSent', () => w.sent.length === 1);
      expect(w.sent[0]).to.deep.include({ to: 'standby', entries: 2, bytes: 3, acked: false });
      expect(w.logs.join('\n')).to.include('no ack within 200 ms');
    });
    it('an ack with another nonce or other counts is not taken for an ack', async function () {
      const w = await startWitness({}, sampleEntries().slice(1));
      const bad = [
        { nonce: 'e'.repeat(32), received: 2, bytes: 3 },
        { nonce: '', received: 1, bytes: 3 },
      ];
      for (const ack of bad) {
        const body = requestBody();
        if (ack.nonce === '') ack.nonce = body.nonce;
        const x = await exchange(w.port, [encodeFrame({ type: 'request', body }, KEY), encodeFrame({ type: 'ack', body: ack }, KEY)]);
        expect(x.frames.map((f) => f.type)).to.deep.equal(['entries']);
      }
      await until('onSent', () => w.sent.length === 2);
      expect(w.sent.map((s) => s.acked)).to.deep.equal([false, false]);
      expect(w.logs.join('\n')).to.match(/bad ack: ack carries nonce e{32}, not the request's [0-9a-f]{32}/);
      expect(w.logs.join('\n')).to.include('bad ack: ack reports 1 entries and 3 bytes; 2 and 3 were sent');
    });
  });

  describe('fetchCache failures', function () {
    it('times out against a witness that accepts and never answers', async function () {
      const port = await fakeWitness();
      const t0 = Date.now();
      const error = await fetchCache(fetchOptions(port, { timeoutMs: 300 })).catch((e: Error) => e);
      expect((error as Error).message).to.match(/failed: no answer within 300 ms \(0 bytes received\)/);
      expect(Date.now() - t0).to.be.within(250, 2000);
    });

    it('rejects when the witness closes before answering', async function () {
      const port = await fakeWitness((socket) => socket.once('data', () => socket.end()));
      const error = await fetchCache(fetchOptions(port)).catch((e: Error) => e);
      expect((error as Error).message).to.match(/failed: the witness closed the connection before answering \(0 bytes received\)/);
    });

    it('rejects when the witness closes in the middle of the entries frame', async function () {
      const port = await fakeWitness((socket) =>
        socket.once('data', () => socket.end(encodeFrame({ type: 'entries', body: { nonce: '0'.repeat(32), entries: [] } }, KEY).subarray(0, 20))),
      );
      const error = await fetchCache(fetchOptions(port)).catch((e: Error) => e);
      expect((error as Error).message).to.match(/closed the connection before answering \(stream ended 20 bytes into an entries frame/);
    });

    it('rejects authentic entries that do not echo its nonce', async function () {
      const port = await fakeWitness((socket) =>
        socket.once('data', () => socket.write(encodeFrame({ type: 'entries', body: { nonce: 'f'.repeat(32), entries: sampleEntries().slice(1) } }, KEY))),
      );
      const error = await fetchCache(fetchOptions(port)).catch((e: Error) => e);
      expect((error as Error).message).to.match(/failed: entries answer nonce f{32}, not this request's [0-9a-f]{32}/);
    });

    it('rejects when nothing listens', async function () {
      const port = await fakeWitness();
      await new Promise((r) => fakes.pop()!.close(r));
      const error = await fetchCache(fetchOptions(port)).catch((e: Error) => e);
      expect((error as Error).message).to.match(/failed: connect ECONNREFUSED 127\.0\.0\.1:\d+/);
    });

    it('rejects a request it cannot build, naming the field', async function () {
      const error = await fetchCache(fetchOptions(1, { bootId: 'boot' })).catch((e: Error) => e);
      expect((error as Error).message).to.equal('request body is invalid: bootId: expected 16 lowercase hex digits, got "boot"');
    });
  });
});
