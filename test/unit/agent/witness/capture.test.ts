import { expect } from 'chai';
import { execa } from 'execa';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Capture } from '../../../../agent/witness/capture.js';
import { isServed, selectorFilter, type Selector } from '../../../../agent/witness/selector.js';
import { TcpTracker, type Segment } from '../../../../agent/witness/tcp-tracker.js';

const LO = '127.0.0.1';

/** Why real capture cannot run here, or undefined when it can (root and a tcpdump on PATH). */
async function cannotCapture(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'capturing needs root';
  const r = await execa('tcpdump', ['--version'], { reject: false });
  return r.exitCode === 0 ? undefined : 'tcpdump is not installed (apt-get install -y tcpdump)';
}

/** An echo server on `host` and `port` (default: 127.0.0.1 and a free port). */
async function echoServer(host = LO, port = 0): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** Connects from 127.0.0.1, sends each part once the previous one came back, closes; resolves with the client's port once closed. */
async function exchange(port: number, parts: Uint8Array[], host = LO): Promise<number> {
  const socket = createConnection({ host, port, localAddress: LO });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const clientPort = socket.localPort!;
  let echoed = 0;
  let expected = 0;
  let wake = () => undefined as void;
  socket.on('data', (b: Buffer) => {
    echoed += b.length;
    if (echoed >= expected) wake();
  });
  for (const part of parts) {
    expected += part.length;
    await new Promise<void>((resolve) => {
      wake = resolve;
      socket.write(part);
    });
  }
  await new Promise<void>((resolve) => socket.once('close', () => resolve()).end());
  return clientPort;
}

async function until(what: string, ok: () => boolean, ms = 3000): Promise<void> {
  for (const end = Date.now() + ms; !ok(); await new Promise((r) => setTimeout(r, 10))) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
  }
}

describe('witness: capture (real tcpdump on lo; skipped unless root with tcpdump installed)', function () {
  let servers: Server[] = [];

  before(async function () {
    const why = await cannotCapture();
    // CI runs as root with tcpdump: only a developer's machine without them skips.
    if (why) {
      console.log(`      skipped: ${why}`);
      this.skip();
    }
  });

  afterEach(async function () {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    servers = [];
  });

  it('hands the tracker the handshake, the client bytes in order and the FIN, and nothing from another port', async function () {
    const served = await echoServer();
    const other = await echoServer();
    // The served address as a client, to the served port number elsewhere: `host X and port P` would take it.
    const elsewhere = await echoServer('127.0.0.2', served.port);
    servers.push(served.server, other.server, elsewhere.server);
    const selector: Selector = [{ ip: LO, ports: [{ from: served.port, to: served.port }] }];
    const tracker = new TcpTracker({ isServer: (e) => isServed(selector, e) });
    const seen: Segment[] = [];
    const errors: Error[] = [];
    const capture = await Capture.start({
      ifname: 'lo',
      filter: selectorFilter(selector),
      onSegment: (s) => {
        seen.push(s);
        tracker.push(s);
      },
      onError: (e) => errors.push(e),
    });
    try {
      const parts = ['GET /one\n', 'a'.repeat(3000), '\u00e9t\u00e9 ', 'x'.repeat(70_000), 'bye\n'].map((s) => new TextEncoder().encode(s));
      await exchange(other.port, parts);
      await exchange(served.port, parts, '127.0.0.2');
      const clientPort = await exchange(served.port, parts);
      const key = `${LO}:${clientPort}>${LO}:${served.port}`;
      await until('the tracker sees both FINs', () => tracker.connection(key)?.phase === 'closed');

      const c = tracker.connection(key)!;
      expect(c.clientIsn).to.be.a('number');
      expect(c.serverIsn).to.be.a('number');
      // Loopback's MTU is 65536: MSS 65495 both ways.
      expect(c.clientOptions?.mss).to.equal(65495);
      expect(c.serverOptions?.mss).to.equal(65495);
      expect(c.clientOptions?.wscale).to.be.a('number');
      expect(c.finFromClient).to.equal(true);
      expect(c.unrecoverable).to.equal(undefined);
      expect(Buffer.from(tracker.clientStream(key)).equals(Buffer.concat(parts))).to.equal(true);
      expect(tracker.connections().map((x) => x.key)).to.deep.equal([key]);
      expect(seen.filter((s) => s.src.port === other.port || s.dst.port === other.port)).to.deep.equal([]);
      expect(seen.filter((s) => s.src.ip === '127.0.0.2' || s.dst.ip === '127.0.0.2')).to.deep.equal([]);
      expect(seen.every((s) => (s.src.ip === LO && s.src.port === served.port) || (s.dst.ip === LO && s.dst.port === served.port))).to.equal(true);

      const mid = await capture.stats();
      expect(mid.captured).to.be.at.least(seen.length);
    } finally {
      const final = await capture.stop();
      expect(final.captured).to.be.at.least(seen.length);
      expect(final.receivedByFilter).to.be.at.least(final.captured);
      expect(final.droppedByKernel).to.equal(0);
    }
    expect(errors).to.deep.equal([]);
  });

  it('answers stats() asked together and in turn, and stop() with the final counters', async function () {
    const served = await echoServer();
    servers.push(served.server);
    const selector: Selector = [{ ip: LO, ports: [{ from: served.port, to: served.port }] }];
    let segments = 0;
    await using capture = await Capture.start({ ifname: 'lo', filter: selectorFilter(selector), onSegment: () => segments++ });
    expect(await capture.stats()).to.deep.equal({ captured: 0, receivedByFilter: 0, droppedByKernel: 0 });
    await exchange(served.port, [new Uint8Array(100), new Uint8Array(200)]);
    await until('the FIN exchange arrived', () => segments >= 8);
    // What was parsed before asking: segments still arriving (the last ACKs) may pass tcpdump's
    // answer to the stats request, and counting them would compare against a later instant.
    const seenBefore = segments;
    const together = await Promise.all([capture.stats(), capture.stats(), capture.stats()]);
    for (const s of together) expect(s.captured).to.be.at.least(seenBefore);
    const final = await capture.stop();
    expect(final.captured).to.equal(segments);
    expect(await capture.stop()).to.deep.equal(final);
  });

  it('rejects with the interface named when there is no such interface', async function () {
    const start = Capture.start({ ifname: 'hatcp-nosuch0', filter: 'tcp', onSegment: () => undefined });
    const e = await start.then(() => undefined, (x: Error) => x);
    expect(e?.message).to.match(/^capture on hatcp-nosuch0: there is no interface "hatcp-nosuch0" here: check the name \(ip link\)\ntcpdump said:\n {2}tcpdump: hatcp-nosuch0: /);
    expect(e?.message).to.include('command: tcpdump -i hatcp-nosuch0 -n -U -w - --immediate-mode -s 0 -B 8192 tcp');
  });

  it('rejects with the filter named when tcpdump refuses it', async function () {
    const e = await Capture.start({ ifname: 'lo', filter: 'tcp and port', onSegment: () => undefined }).then(() => undefined, (x: Error) => x);
    expect(e?.message).to.include('capture on lo: tcpdump refused the filter "tcp and port": fix it (see man pcap-filter)\ntcpdump said:\n  tcpdump: ');
  });
});

describe('witness: capture, without tcpdump (a stand-in script)', function () {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'hatcp-capture-'))));
  after(async () => rm(dir, { recursive: true, force: true }));

  it('rejects naming the binary when it is missing', async function () {
    const e = await Capture.start({ ifname: 'lo', filter: 'tcp', onSegment: () => undefined, tcpdump: join(dir, 'no-tcpdump') }).then(() => undefined, (x: Error) => x);
    expect(e?.message).to.include(`capture on lo: ${join(dir, 'no-tcpdump')} not found: install it (apt-get install -y tcpdump) or pass its path as the tcpdump option`);
  });

  it('reports tcpdump dying after it started listening, with what it said', async function () {
    const fake = join(dir, 'dying-tcpdump');
    await writeFile(fake, '#!/bin/sh\necho "tcpdump: listening on $2, link-type EN10MB (Ethernet), snapshot length 262144 bytes" >&2\nsleep 0.2\necho "tcpdump: pcap_loop: The interface disappeared" >&2\nexit 1\n');
    await chmod(fake, 0o755);
    const errors: Error[] = [];
    const capture = await Capture.start({ ifname: 'eth9', filter: 'tcp', onSegment: () => undefined, onError: (e) => errors.push(e), tcpdump: fake });
    await until('onError is called', () => errors.length > 0);
    expect(errors.map((e) => e.message.split('\ncommand:')[0])).to.deep.equal([
      'capture on eth9: tcpdump exited unexpectedly (exit code 1)\ntcpdump said:\n' +
        '  tcpdump: listening on eth9, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n  tcpdump: pcap_loop: The interface disappeared',
    ]);
    const stop = await capture.stop().then(() => undefined, (x: Error) => x);
    expect(stop?.message).to.match(/^capture on eth9: tcpdump exited without printing its counters/);
  });
});
