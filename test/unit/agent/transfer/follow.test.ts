import { expect } from 'chai';
import { createServer, type Server, type Socket } from 'node:net';
import { Mirror } from '../../../../agent/takeover/mirror.js';
import { fetchCache } from '../../../../agent/transfer/cache-client.js';
import { CacheFollow } from '../../../../agent/transfer/cache-follow.js';
import { CacheServer, type FollowInfo } from '../../../../agent/transfer/cache-server.js';
import { encodeFrame, FrameReader } from '../../../../agent/transfer/frame.js';
import { cacheEntries, type CacheEntry } from '../../../../agent/witness/cache-entry.js';
import { FollowCursor } from '../../../../agent/witness/follow.js';
import { seqAdd } from '../../../../agent/witness/seq.js';
import { TcpTracker, type Endpoint, type Segment } from '../../../../agent/witness/tcp-tracker.js';
import { KEY, OTHER_KEY } from '../support/messages.js';
import { VIP } from '../support/transfer.js';

const SERVER = { ip: VIP, port: 7000 };
const OTHER_VIP = '10.77.0.101';
const C_ISN = 0xffff_ff00; // the stream crosses 2^32
const S_ISN = 5000;

const client = (port: number): Endpoint => ({ ip: '10.77.0.10', port });
const keyOf = (c: Endpoint, s: Endpoint = SERVER) => `${c.ip}:${c.port}>${s.ip}:${s.port}`;
const seg = (src: Endpoint, dst: Endpoint, p: Partial<Segment>): Segment => ({ t: 0, seq: 0, ack: 0, window: 502, options: {}, payload: new Uint8Array(0), flags: { ack: true }, src, dst, ...p });

/** Byte i of a test stream. */
const byteAt = (i: number) => (i * 131 + 7) & 0xff;
const stream = (from: number, to: number) => Uint8Array.from({ length: to - from }, (_, i) => byteAt(from + i));

/** A tracker the tests feed like a capture: handshakes, client bytes, FINs. */
class Wire {
  readonly tracker = new TcpTracker({ isServer: (e) => e.port === SERVER.port && (e.ip === VIP || e.ip === OTHER_VIP) });
  private readonly sent = new Map<string, number>();

  open(c: Endpoint, s: Endpoint = SERVER, isn = C_ISN): void {
    this.tracker.push(seg(c, s, { seq: isn, flags: { syn: true }, options: { mss: 1460 } }));
    this.tracker.push(seg(s, c, { seq: S_ISN, ack: seqAdd(isn, 1), flags: { syn: true, ack: true }, options: { mss: 1460 } }));
    this.sent.set(keyOf(c, s), 0);
  }

  /** The next `n` bytes of the test stream from the client, acknowledged by the server. */
  send(c: Endpoint, n: number, s: Endpoint = SERVER, isn = C_ISN): void {
    const at = this.sent.get(keyOf(c, s))!;
    this.tracker.push(seg(c, s, { seq: seqAdd(isn, 1 + at), ack: S_ISN + 1, payload: stream(at, at + n) }));
    this.tracker.push(seg(s, c, { seq: S_ISN + 1, ack: seqAdd(isn, 1 + at + n) }));
    this.sent.set(keyOf(c, s), at + n);
  }

  close(c: Endpoint): void {
    const at = this.sent.get(keyOf(c))!;
    this.tracker.push(seg(c, SERVER, { seq: seqAdd(C_ISN, 1 + at), ack: S_ISN + 1, flags: { fin: true, ack: true } }));
    this.tracker.push(seg(SERVER, c, { seq: S_ISN + 1, ack: seqAdd(C_ISN, 2 + at), flags: { fin: true, ack: true } }));
  }
}

const bytesOf = (entries: CacheEntry[], key: string) => entries.find((e) => e.key === key);

describe('agent follow: the witness keeps a standby\'s mirror of its cache current', function () {
  describe('tracker slices', function () {
    it('gives any slice of the client stream, across chunks, as the whole stream would', function () {
      const w = new Wire();
      const c = client(40001);
      w.open(c);
      for (const n of [10, 1, 300, 7, 1000]) w.send(c, n);
      const all = w.tracker.clientStream(keyOf(c));
      expect(all).to.deep.equal(stream(0, 1318));
      for (const [from, to] of [[0, 5], [5, 11], [10, 11], [11, 400], [317, 1318], [1317, 1318], [0, 1318], [1318, 2000], [400, 9999]] as const) {
        expect(w.tracker.clientStream(keyOf(c), from, to), `${from}…${to}`).to.deep.equal(all.subarray(from, Math.min(to, 1318)));
      }
    });

    it('keeps the stream in blocks doubling from 4 KiB: a slice within one is a view of the bytes held, one across blocks a copy', function () {
      const w = new Wire();
      const c = client(40001);
      w.open(c);
      for (let i = 0; i < 100; i++) w.send(c, 1000);
      const key = keyOf(c);
      // Blocks of 4, 8, 16, 32 and 64 KiB: [0, 4096), [4096, 12288), [12288, 28672), [28672, 61440), [61440, …).
      expect([0, 4095, 4096, 12287, 12288, 61440, 99999].map((from) => w.tracker.blockEnd(key, from))).to.deep.equal([4096, 4096, 12288, 12288, 28672, 100000, 100000]);
      const within = w.tracker.clientStream(key, 5000, 12288);
      expect(within).to.deep.equal(stream(5000, 12288));
      expect(w.tracker.clientStream(key, 4096, 4100).buffer, 'two slices of one block share its memory').to.equal(within.buffer);
      const across = w.tracker.clientStream(key, 4000, 13000);
      expect(across).to.deep.equal(stream(4000, 13000));
      expect(across.buffer).to.not.equal(within.buffer);
      w.send(c, 50_000);
      expect(within, 'bytes once held do not change as more come').to.deep.equal(stream(5000, 12288));
      expect(w.tracker.clientStream(key)).to.deep.equal(stream(0, 150_000));
    });
  });

  describe('follow cursor (witness side)', function () {
    it('ends a slice at the end of a block of the tracker\'s, and sends the rest next time', function () {
      const w = new Wire();
      const a = client(40001);
      w.open(a);
      w.send(a, 10_000);
      const cursor = new FollowCursor([VIP]);
      const slices = [1, 2, 3].map(() => cursor.next(w.tracker, 1_000_000).entries.map((e) => [e.clientBytesFrom ?? 0, e.clientBytes.length]));
      expect(slices).to.deep.equal([[[0, 4096]], [[4096, 5904]], []]);
    });

    it('sends each connection\'s new bytes once, in budget-sized slices, and only of the followed addresses', function () {
      const w = new Wire();
      const a = client(40001);
      const b = client(40002);
      const other = client(40003);
      w.open(a);
      w.open(b);
      w.open(other, { ip: OTHER_VIP, port: 7000 });
      w.send(a, 3000);
      w.send(b, 500);
      w.send(other, 100, { ip: OTHER_VIP, port: 7000 });
      const cursor = new FollowCursor([VIP]);
      const first = cursor.next(w.tracker, 2000);
      expect(first.entries.map((e) => [e.key, e.clientBytesFrom ?? 0, e.clientBytes.length])).to.deep.equal([[keyOf(a), 0, 2000]]);
      expect(first.bytes).to.equal(2000);
      const second = cursor.next(w.tracker, 2000);
      expect(second.entries.map((e) => [e.key, e.clientBytesFrom ?? 0, e.clientBytes.length])).to.deep.equal([[keyOf(a), 2000, 1000], [keyOf(b), 0, 500]]);
      expect(second.entries[0]!.clientBytes).to.deep.equal(stream(2000, 3000));
      expect(second.entries[0]!.serverTail, 'a follow does not ship the server output each time').to.equal(undefined);
      expect(cursor.next(w.tracker, 2000)).to.deep.equal({ entries: [], gone: [], bytes: 0 });
      w.send(a, 10);
      expect(cursor.next(w.tracker, 2000).entries.map((e) => [e.clientBytesFrom, e.clientBytes.length])).to.deep.equal([[3000, 10]]);
    });

    it('starts from what the follower holds, replaces a copy of another stream, and names what it no longer has', function () {
      const w = new Wire();
      const a = client(40001);
      const b = client(40002);
      w.open(a);
      w.open(b, SERVER, 77);
      w.send(a, 100);
      w.send(b, 50, SERVER, 77);
      const cursor = new FollowCursor([VIP], [
        { key: keyOf(a), isn: C_ISN, bytes: 60 },
        { key: keyOf(b), isn: 12345, bytes: 50 }, // the 4-tuple's previous connection
        { key: keyOf(client(40009)), isn: 1, bytes: 10 }, // forgotten by the witness
      ]);
      const u = cursor.next(w.tracker, 1 << 20);
      expect(u.entries.map((e) => [e.key, e.clientBytesFrom ?? 0, e.clientBytes.length])).to.deep.equal([[keyOf(a), 60, 40], [keyOf(b), 0, 50]]);
      expect(u.gone).to.deep.equal([keyOf(client(40009))]);
    });

    it('says once that a connection ended, and forgets one the witness forgot', function () {
      const w = new Wire();
      const a = client(40001);
      const b = client(40002);
      w.open(a);
      w.open(b);
      w.send(a, 10);
      const cursor = new FollowCursor([VIP]);
      cursor.next(w.tracker, 1000);
      w.close(a);
      const ended = cursor.next(w.tracker, 1000);
      expect(ended.entries.map((e) => [e.key, e.phase, e.clientBytes.length])).to.deep.equal([[keyOf(a), 'closed', 0]]);
      expect(cursor.next(w.tracker, 1000).entries).to.deep.equal([]);
      w.tracker.forget(keyOf(b));
      expect(cursor.next(w.tracker, 1000).gone).to.deep.equal([keyOf(b)]);
    });
  });

  describe('mirror (standby side)', function () {
    const entry = (key: string, from: number, to: number, over: Partial<CacheEntry> = {}): CacheEntry => ({
      key, client: client(40001), server: SERVER, phase: 'established', clientIsn: C_ISN, clientBytes: stream(from, to), ...(from > 0 ? { clientBytesFrom: from } : {}), finFromClient: false, finFromServer: false, ...over,
    });
    const K = keyOf(client(40001));

    it('holds updates that continue or overlap its copy, and completes a fetched tail without copying the prefix', function () {
      const m = new Mirror();
      expect(m.apply(entry(K, 0, 100_000))).to.equal(undefined);
      expect(m.apply(entry(K, 100_000, 250_000))).to.equal(undefined);
      expect(m.apply(entry(K, 200_000, 260_000)), 'an overlap that matches').to.equal(undefined);
      expect(m.held()).to.deep.equal([{ key: K, isn: C_ISN, bytes: 260_000 }]);
      // The fetch asked with 250 000 held; the follow delivered 10 000 more meanwhile.
      const done = m.complete(entry(K, 250_000, 300_000));
      expect(done.ok).to.equal(true);
      if (!done.ok) return;
      expect(done.mirrored).to.equal(250_000);
      expect(done.entry.clientBytesFrom).to.equal(undefined);
      expect(Buffer.from(done.entry.clientBytes).equals(Buffer.from(stream(0, 300_000)))).to.equal(true);
    });

    it('refuses an update that leaves a gap, differs from what it holds, or is of another stream, and drops that copy', function () {
      const m = new Mirror();
      m.apply(entry(K, 0, 100));
      expect(m.apply(entry(K, 150, 200))).to.match(/from byte 150, and the mirror holds 100/);
      expect(m.held()).to.deep.equal([]);
      m.apply(entry(K, 0, 100));
      const altered = entry(K, 50, 120);
      altered.clientBytes[3] = altered.clientBytes[3]! ^ 0xff;
      expect(m.apply(altered)).to.match(/differs from the 50 bytes the mirror holds/);
      m.apply(entry(K, 0, 100));
      expect(m.apply(entry(K, 100, 120, { clientIsn: 9 }))).to.match(/ISN 9/);
      expect(m.held()).to.deep.equal([]);
    });

    it('drops a connection that ended, and past its cap stops holding it (a failure then ships it whole)', function () {
      const m = new Mirror(1000);
      m.apply(entry(K, 0, 10));
      m.apply(entry(K, 10, 10, { phase: 'closed' }));
      expect(m.held()).to.deep.equal([]);
      m.apply(entry(K, 0, 900));
      expect(m.apply(entry(K, 900, 1100))).to.equal(undefined);
      expect(m.held()).to.deep.equal([]);
      expect(m.apply(entry(K, 1100, 1200)), 'later updates of it are ignored, not a problem').to.equal(undefined);
      const whole = m.complete(entry(K, 0, 1200));
      expect(whole.ok && whole.entry.clientBytes.length).to.equal(1200);
      expect(m.complete(entry(K, 500, 1200)).ok).to.equal(false);
    });
  });

  describe('over TCP', function () {
    const servers: CacheServer[] = [];
    const follows: CacheFollow[] = [];
    const fakes: Server[] = [];
    afterEach(async function () {
      for (const f of follows.splice(0)) f.close();
      await Promise.all(servers.splice(0).map((s) => s.close()));
      for (const f of fakes.splice(0)) f.close();
    });

    async function witness(w: Wire, over: { follow?: boolean } = {}): Promise<{ port: number; logs: string[]; follows: FollowInfo[] }> {
      const logs: string[] = [];
      const infos: FollowInfo[] = [];
      const server = new CacheServer({
        key: KEY, clusterId: 'lab', members: ['primary', 'standby'],
        entries: (ips, have) => cacheEntries(w.tracker, ips, have),
        ...(over.follow === false ? {} : {
          follow: (ips: string[], have: Parameters<NonNullable<ConstructorParameters<typeof CacheServer>[0]['follow']>>[1]) => {
            const cursor = new FollowCursor(ips, have);
            return (budget: number) => cursor.next(w.tracker, budget);
          },
        }),
        followEveryMs: 5,
        log: (line) => logs.push(line),
        onFollow: (f) => infos.push(f),
      });
      servers.push(server);
      return { port: await server.listen('127.0.0.1', 0), logs, follows: infos };
    }

    function follow(port: number, mirror: Mirror, key = KEY) {
      const changes: string[] = [];
      const logs: string[] = [];
      const f = new CacheFollow({ host: '127.0.0.1', port, key, clusterId: 'lab', from: 'standby', bootId: '00000000000000b2', ips: [VIP], mirror, onChange: (s, d) => changes.push(`${s}: ${d}`), log: (l) => logs.push(l), retryMs: 50 });
      follows.push(f);
      return { f, changes, logs };
    }

    const until = async (what: string, ok: () => boolean, ms = 3000): Promise<void> => {
      const t0 = Date.now();
      while (!ok()) {
        if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    };

    it('mirrors what the witness captures as it comes; a fetch then carries only the tail, and the completed entry is the whole stream', async function () {
      const w = new Wire();
      const a = client(40001);
      w.open(a);
      w.send(a, 3_000_000);
      const { port, follows: infos } = await witness(w);
      const mirror = new Mirror();
      const { changes } = follow(port, mirror);
      await until('the mirror to hold 3 MB', () => mirror.bytes() === 3_000_000);
      w.send(a, 5_000_000); // more than one update's budget
      await until('the mirror to hold 8 MB', () => mirror.bytes() === 8_000_000);
      expect(changes).to.have.length(1);
      expect(changes[0]).to.match(/^following: following 10\.77\.0\.100 at witness 127\.0\.0\.1:\d+, the mirror holding 0 client bytes of 0 connection/);
      expect(infos.map((i) => i.phase)).to.deep.equal(['started']);

      w.send(a, 1234); // captured after the last update the mirror saw, or not: either way the fetch completes it
      const got = await fetchCache({ host: '127.0.0.1', port, key: KEY, clusterId: 'lab', from: 'standby', bootId: '00000000000000b2', lost: 'primary', ips: [VIP], have: mirror.held(), timeoutMs: 3000 });
      expect(got.bytes).to.be.below(10_000);
      const done = mirror.complete(got.entries[0]!);
      expect(done.ok).to.equal(true);
      if (!done.ok) return;
      expect(done.entry.clientBytes.length).to.equal(8_001_234);
      expect(Buffer.from(done.entry.clientBytes).equals(Buffer.from(w.tracker.clientStream(keyOf(a))))).to.equal(true);
      expect(done.entry.serverLatest, 'the state is the witness\'s latest').to.deep.equal(bytesOf(cacheEntries(w.tracker, [VIP]), keyOf(a))!.serverLatest);
    });

    it('follows again after the witness restarts, from what the mirror holds', async function () {
      const w = new Wire();
      const a = client(40001);
      w.open(a);
      w.send(a, 1000);
      const first = await witness(w);
      const mirror = new Mirror();
      const { changes } = follow(first.port, mirror);
      await until('1000 bytes mirrored', () => mirror.bytes() === 1000);
      await servers.shift()!.close();
      await until('the break to be reported', () => changes.some((c) => c.startsWith('broken:')));
      w.send(a, 500);
      // The new witness process listens on the same port.
      const server = new CacheServer({ key: KEY, clusterId: 'lab', members: ['standby'], entries: () => [], follow: (ips, have) => {
        const cursor = new FollowCursor(ips, have);
        return (budget) => cursor.next(w.tracker, budget);
      }, followEveryMs: 5, log: () => undefined });
      servers.push(server);
      await server.listen('127.0.0.1', first.port);
      await until('1500 bytes mirrored', () => mirror.bytes() === 1500);
      expect(changes.at(-1)).to.match(/the mirror holding 1000 client bytes of 1 connection/);
    });

    it('a witness without follows refuses; one with another key is not believed; neither touches the mirror', async function () {
      const w = new Wire();
      w.open(client(40001));
      w.send(client(40001), 100);
      const plain = await witness(w, { follow: false });
      const mirror = new Mirror();
      const refused = follow(plain.port, mirror);
      await until('the refusal', () => refused.logs.some((l) => /the witness refused: this witness does not serve follows/.test(l)));
      const keyed = await witness(w);
      const forged = follow(keyed.port, mirror, OTHER_KEY);
      await until('the witness to refuse the forged follow', () => keyed.logs.some((l) => /refused: bad-mac/.test(l)));
      expect(forged.changes).to.deep.equal([]);
      expect(mirror.held()).to.deep.equal([]);
    });

    it('drops a spoofed update (another follow\'s nonce, a repeated number) and follows again', async function () {
      // A fake witness that answers every follow with a valid first update, then a replayed copy of it.
      const sockets: Socket[] = [];
      const fake = createServer((socket) => {
        sockets.push(socket);
        socket.on('error', () => undefined);
        const reader = new FrameReader(KEY);
        socket.on('data', (chunk: Buffer) => {
          const r = reader.push(chunk);
          if (!r.ok || r.frames[0]?.type !== 'follow') return;
          const { nonce } = r.frames[0].body;
          const update = (seq: number, from: number, to: number) => encodeFrame({ type: 'entries', body: { nonce, seq, entries: [{ key: keyOf(client(1)), client: client(1), server: SERVER, phase: 'established', clientIsn: 1, clientBytes: stream(from, to), ...(from > 0 ? { clientBytesFrom: from } : {}), finFromClient: false, finFromServer: false }] } }, KEY);
          socket.write(Buffer.concat([update(1, 0, 10), update(1, 10, 20)]));
        });
      });
      fakes.push(fake);
      await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
      const mirror = new Mirror();
      const { changes } = follow((fake.address() as { port: number }).port, mirror);
      await until('two attempts', () => sockets.length >= 2);
      expect(changes.find((c) => c.startsWith('broken:'))).to.match(/update 1 after 1: not the witness's stream/);
      expect(mirror.bytes(), 'the repeated update was not applied').to.equal(10);
      for (const s of sockets) s.destroy();
    });
  });
});
