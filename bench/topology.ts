// npm run bench:topology [-- N]: hatcp up+down of the 4-node topology against the raw docker CLI floor
// (one network, four containers, in parallel) and, where installed, Mininet — interleaved, same run.
import { execa } from 'execa';
import { up } from '../harness/lab/up.js';
import { clean } from '../harness/lab/clean.js';
import { ensureNodeImage } from '../harness/image/build.js';
import { loadTopology } from '../harness/topology/load.js';
import { median, timed } from './stats.js';

const runs = Number(process.argv[2] ?? 10);
const topology = await loadTopology('topologies/ha-lan.yaml');
const image = (await ensureNodeImage()).tag;

/** The floor: what a user would type with the docker CLI for the same four nodes. */
async function rawDocker(): Promise<void> {
  await execa('docker', ['network', 'create', '--internal', '--subnet', '10.79.0.0/24', 'hatcp-bench-raw']);
  await Promise.all(topology.nodes.map((n, i) => execa('docker', ['run', '-d', '--name', `hatcp-bench-raw-${n.name}`, '--network', 'hatcp-bench-raw',
    '--ip', `10.79.0.${10 + i}`, '--cap-add', 'NET_ADMIN', '--cap-add', 'NET_RAW', '--label', 'io.hatcp=1', image, '/usr/local/bin/hatcp-node-init'])));
  await execa('docker', ['rm', '-f', ...topology.nodes.map((n) => `hatcp-bench-raw-${n.name}`)]);
  await execa('docker', ['network', 'rm', 'hatcp-bench-raw']);
}

async function hatcpLibrary(): Promise<void> {
  const lab = await up(topology);
  await lab.down();
}

async function hatcpCli(): Promise<void> {
  await execa('node', ['bin/hatcp.js', 'up', 'topologies/ha-lan.yaml']);
  await execa('node', ['bin/hatcp.js', 'down', 'ha-lan']);
}

const mininet = await execa('mn', ['--version'], { reject: false });
const peers: [string, () => Promise<void>][] = [
  ['raw docker CLI', rawDocker],
  ['hatcp (library up/down)', hatcpLibrary],
  ['hatcp (CLI up + down)', hatcpCli],
  ...(mininet.exitCode === 0 ? [['mininet lxbr single,4', async () => {
    await execa('mn', ['--switch', 'lxbr', '--controller', 'none', '--topo', 'single,4', '--test', 'none']);
  }] as [string, () => Promise<void>]] : []),
];

await clean();
for (const [, fn] of peers) await fn(); // warm-up
const times = new Map<string, number[]>(peers.map(([name]) => [name, []]));
for (let i = 0; i < runs; i++) {
  for (const [name, fn] of peers) times.get(name)!.push(await timed(fn));
}
await clean();

const floor = median(times.get('raw docker CLI')!);
console.log(`4-node topology up+down, ${runs} interleaved runs each (median, min–max, ratio to raw docker median)`);
for (const [name, t] of times) {
  console.log(`${name.padEnd(26)} ${median(t).toFixed(0).padStart(6)} ms  (${Math.min(...t).toFixed(0)}–${Math.max(...t).toFixed(0)})  ×${(median(t) / floor).toFixed(2)}`);
}
if (mininet.exitCode !== 0) console.log('mininet: not installed (apt-get install mininet bridge-utils), skipped');
