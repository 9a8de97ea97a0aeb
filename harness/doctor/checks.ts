import { readFile } from 'node:fs/promises';
import { requireEngine } from '../backends/docker/client.js';
import { probeKernelFeature } from '../host/kernel-features.js';
import { run } from '../host/run.js';
import { probeTcpRepair } from '../host/tcp-repair-probe.js';
import { inspectImage } from '../image/build.js';
import { recipeImageTag } from '../image/recipe.js';

export type CheckStatus = 'ok' | 'warn' | 'fail';

/** One precondition and what to do when it does not hold. */
export interface CheckResult {
  name: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
}

type Check = () => Promise<CheckResult>;

const CAP_NET_ADMIN = 12n;

const checks: Check[] = [
  async () => {
    const status = await readFile('/proc/self/status', 'utf8');
    const eff = BigInt(`0x${/CapEff:\s+([0-9a-f]+)/.exec(status)?.[1] ?? '0'}`);
    const ok = ((eff >> CAP_NET_ADMIN) & 1n) === 1n;
    return { name: 'CAP_NET_ADMIN', status: ok ? 'ok' : 'fail', detail: ok ? 'this process has it' : 'missing', fix: 'run hatcp as root (it sets bridge modes and probes the kernel)' };
  },
  async () => {
    try {
      const v = await requireEngine();
      return { name: 'Docker engine', status: 'ok', detail: `version ${v.version}, API ${v.apiVersion}` };
    } catch (error) {
      return { name: 'Docker engine', status: 'fail', detail: (error as Error).message, fix: 'apt-get install docker.io && (dockerd >/var/log/dockerd.log 2>&1 &)' };
    }
  },
  async () => {
    const r = await run('tcpdump', ['--version']);
    return { name: 'tcpdump (host)', status: r.ok ? 'ok' : 'fail', detail: r.ok ? r.stdout.split('\n')[0]! : 'not found', fix: 'apt-get install tcpdump' };
  },
  async () => {
    const r = await run('debootstrap', ['--version']);
    return { name: 'debootstrap', status: r.ok ? 'ok' : 'warn', detail: r.ok ? r.stdout.trim() : 'not found: the node image cannot be rebuilt', fix: 'apt-get install debootstrap' };
  },
  async () => {
    const p = probeTcpRepair();
    return { name: 'TCP_REPAIR', status: p.allowed ? 'ok' : 'fail', detail: p.detail, fix: 'run as root; nodes get CAP_NET_ADMIN, which TCP_REPAIR needs' };
  },
  async () => {
    const p = await probeKernelFeature('sch_netem');
    return {
      name: 'netem (delay, jitter)', status: p.present ? 'ok' : 'warn',
      detail: p.present ? 'present' : `absent (${p.detail}): topologies with delay or jitter are refused; rate and loss still work`,
      fix: 'load sch_netem (modprobe sch_netem) or use a kernel that has it',
    };
  },
  async () => {
    const p = await probeKernelFeature('sch_tbf');
    return { name: 'tbf (rate)', status: p.present ? 'ok' : 'fail', detail: p.present ? 'present' : p.detail, fix: 'load sch_tbf' };
  },
  async () => {
    const p = await probeKernelFeature('tc_mirror');
    return {
      name: 'tc bpf + mirred (monitor ports)', status: p.present ? 'ok' : 'warn',
      detail: p.present ? 'present' : `absent (${p.detail}): topologies with a monitor port are refused; hub networks still work`,
      fix: 'load cls_bpf and act_mirred (modprobe cls_bpf act_mirred)',
    };
  },
  async () => {
    const p = await probeKernelFeature('nft_netdev_ingress');
    return { name: 'nftables ingress (loss)', status: p.present ? 'ok' : 'warn', detail: p.present ? 'present' : p.detail, fix: 'apt-get install nftables (loss is dropped on the host side of the node\'s veth)' };
  },
  async () => {
    const brnf = await readFile('/proc/sys/net/bridge/bridge-nf-call-iptables', 'utf8').then((s) => s.trim(), () => 'absent');
    const policy = /^-P FORWARD (\S+)/m.exec((await run('iptables', ['-S', 'FORWARD'])).stdout)?.[1] ?? 'unknown';
    return {
      name: 'br_netfilter / FORWARD', status: 'ok',
      detail: `bridge-nf-call-iptables=${brnf}, FORWARD policy ${policy}; hatcp networks are Docker's own bridges, which Docker's rules accept`,
    };
  },
  async () => {
    const tag = await recipeImageTag();
    const image = await inspectImage(tag).catch(() => undefined);
    return {
      name: 'node image', status: image ? 'ok' : 'warn',
      detail: image ? `${tag} (${Math.round(image.sizeBytes / 1e6)} MB)` : `${tag} not built yet (hatcp up builds it, about a minute)`,
      fix: 'hatcp image build',
    };
  },
];

/** Runs every precondition check, in order. */
export async function runChecks(): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) results.push(await check());
  return results;
}
