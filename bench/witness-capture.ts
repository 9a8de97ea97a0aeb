// node dist/bench/witness-capture.js [MB=200] [Mbit/s=0: as fast as it goes] [ifname=lo] [bufferKiB=8192]
// Does the witness keep up? A child process sends MB megabytes over TCP to its own sink on
// 127.0.0.1, paced to the rate or as fast as loopback goes, while this process runs only the real
// capture (tcpdump → PcapReader → decodeTcp → TcpTracker) on it. Prints the rate achieved,
// tcpdump's counters (droppedByKernel should be 0), whether the tracker reassembled every client
// byte (it holds them all here: 1 MB of memory per MB sent), and the CPU this process used.
// Needs root and tcpdump.
// Loopback carries ~64 KiB segments and shows tcpdump every packet twice (out and in); for
// Ethernet-sized segments run it in a namespace of its own whose lo has MTU 1500 and no GSO:
//   unshare -n sh -c 'ip link set lo up mtu 1500 && ip link set lo gso_max_segs 1 && node dist/bench/witness-capture.js 200 200'
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Capture } from '../agent/witness/capture.js';
import { isServed, selectorFilter, type Selector } from '../agent/witness/selector.js';
import { TcpTracker } from '../agent/witness/tcp-tracker.js';

const HOST = '127.0.0.1';
const CHUNK = 64 * 1024;

/** Child: a sink on a free port (printed), then on "go" `bytes` sent to it at `mbps` (0: unpaced); prints ms and bytes received. */
async function traffic(bytes: number, mbps: number): Promise<void> {
  let received = 0;
  let done = () => undefined as void;
  const sink = createServer((s) => s.on('data', (b: Buffer) => (received += b.length)).on('end', () => done()));
  await new Promise<void>((resolve) => sink.listen(0, HOST, resolve));
  const lines = createInterface({ input: process.stdin });
  process.stdout.write(`${(sink.address() as AddressInfo).port}\n`);
  await once(lines, 'line');
  const socket = createConnection({ host: HOST, port: (sink.address() as AddressInfo).port });
  await once(socket, 'connect');
  const chunk = Buffer.alloc(CHUNK, 0x5a);
  const t0 = performance.now();
  for (let sent = 0; sent < bytes;) {
    if (mbps > 0 && sent >= ((performance.now() - t0) * mbps * 1000) / 8) {
      await new Promise((r) => setTimeout(r, 1));
      continue;
    }
    const n = Math.min(CHUNK, bytes - sent);
    sent += n;
    if (!socket.write(n === CHUNK ? chunk : chunk.subarray(0, n))) await once(socket, 'drain');
  }
  const ended = new Promise<void>((resolve) => (done = resolve));
  socket.end();
  await ended;
  process.stdout.write(`${performance.now() - t0} ${received}\n`);
  socket.destroy();
  sink.close();
  lines.close();
}

async function main(): Promise<void> {
  const [mode, ...rest] = process.argv.slice(2);
  if (mode === 'traffic') return traffic(Number(rest[0]), Number(rest[1]));
  const mb = Number(mode ?? 200);
  const mbps = Number(rest[0] ?? 0);
  const ifname = rest[1] ?? 'lo';
  const bufferKiB = Number(rest[2] ?? 8192);
  const bytes = mb * 1_000_000;

  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), 'traffic', String(bytes), String(mbps)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const out = createInterface({ input: child.stdout });
  const [portLine] = (await once(out, 'line')) as [string];
  const port = Number(portLine);
  const selector: Selector = [{ ip: HOST, ports: [{ from: port, to: port }] }];
  // Capped above what is sent, so that it holds every client byte: its reassembly is the check.
  const tracker = new TcpTracker({ isServer: (e) => isServed(selector, e), capBytes: bytes + 1 });
  let segments = 0;
  const capture = await Capture.start({
    ifname,
    bufferKiB,
    filter: selectorFilter(selector),
    onSegment: (s) => {
      segments++;
      tracker.push(s);
    },
    onError: (e) => console.error(e.message),
  });

  const cpu0 = process.cpuUsage();
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  child.stdin.write('go\n');
  const [result] = (await once(out, 'line')) as [string];
  const [ms, received] = result.split(' ').map(Number) as [number, number];
  // What is still in tcpdump's ring or the pipe arrives before stop(): wait for the last bytes.
  const closed = () => tracker.connections()[0]?.phase === 'closed';
  for (const end = Date.now() + 5000; !closed() && Date.now() < end;) await new Promise((r) => setTimeout(r, 20));
  const counters = await capture.stop();
  const cpu = process.cpuUsage(cpu0);
  lag.disable();
  child.stdin.end();

  const conn = tracker.connections()[0];
  console.log(`${ifname}: ${mb} MB in ${ms.toFixed(0)} ms = ${((bytes * 8) / ms / 1000).toFixed(0)} Mbit/s${mbps ? ` (paced to ${mbps})` : ' (unpaced)'}; sink received ${received} B`);
  console.log(`tcpdump -B ${bufferKiB}: captured ${counters.captured}, received by filter ${counters.receivedByFilter}, dropped by kernel ${counters.droppedByKernel}`);
  const whole = conn?.clientByteCount === bytes && !conn.unrecoverable;
  console.log(`witness: ${segments} segments, CPU ${(((cpu.user + cpu.system) / 1000 / ms) * 100).toFixed(0)}% of one core,` +
    ` event loop delay p99 ${(lag.percentile(99) / 1e6).toFixed(0)} ms max ${(lag.max / 1e6).toFixed(0)} ms; tracker: ${conn?.phase},` +
    ` ${conn?.clientByteCount} of ${bytes} client bytes in order${whole ? ' (all)' : ''}${conn?.unrecoverable ? `, unrecoverable: ${conn.unrecoverable}` : ''}`);
}

await main();
