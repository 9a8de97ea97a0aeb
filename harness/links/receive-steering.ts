/**
 * Receive steering for a pinned node. A frame a veth delivers is processed (the node's IP and TCP
 * receive, its packet sockets' copies) on the CPU that sent it, not on the receiver's: a witness
 * pinned to CPU 1 took its whole capture's kernel work on CPU 0, from the client and primary it
 * was meant to stand apart from. RPS on the node's interfaces moves that work onto the node's own
 * CPUs, as on a host of its own.
 */
import { cpusOf } from '../topology/value-checks.js';

/** A cpuset list as the kernel's cpumask text (`rps_cpus`): hex, in 32-bit words, highest first, comma-separated. */
export function cpuMask(list: string): string {
  const cpus = cpusOf(list);
  const words = new Array<number>(Math.floor(Math.max(...cpus) / 32) + 1).fill(0);
  for (const c of cpus) words[Math.floor(c / 32)]! |= 1 << (c % 32);
  return words.reverse().map((w, i) => (w >>> 0).toString(16).padStart(i === 0 ? 1 : 8, '0')).join(',');
}

/** A cpumask's text as a number, to compare a mask read back (the kernel pads it to its CPU count) with one written. */
export function maskValue(text: string): bigint {
  return BigInt(`0x${text.trim().replace(/,/g, '')}`);
}

/**
 * The shell script, run in the node's network namespace with a mount namespace of its own (from
 * outside, /sys shows the host's devices), that steers every receive queue of `ifnames` to `list`
 * and prints each queue's mask back. The node's sysfs is read-only, and a new mount of it shares
 * that: it is made writable for the writes and read-only again on the way out, whatever happens.
 */
export function steeringScript(ifnames: string[], list: string): string {
  const mask = cpuMask(list);
  return [
    'mount -t sysfs sysfs /sys',
    'mount -o remount,rw /sys',
    "trap 'mount -o remount,ro /sys' EXIT",
    ...ifnames.map((i) => `for q in /sys/class/net/${i}/queues/rx-*/rps_cpus; do echo ${mask} > "$q"; echo "$q $(cat "$q")"; done`),
  ].join('\n');
}
