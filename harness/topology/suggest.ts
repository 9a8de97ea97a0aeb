/** Suggestions for hints: which addresses are free in a network, which subnets are free. */
import {
  blockSize,
  cidrsOverlap,
  firstUsable,
  formatIpv4,
  lastUsable,
  networkAddress,
  parseCidr,
  parseIpv4,
  type Cidr,
} from './ipv4.js';
import type { Network } from './types.js';

/** The addresses a node may take in a network, e.g. `10.0.0.2–10.0.0.254` when the gateway is 10.0.0.1. */
export function usableRangeText(network: Network): string {
  const cidr = parseCidr(network.subnet);
  if (!cidr) return network.subnet;
  let first = firstUsable(cidr);
  let last = lastUsable(cidr);
  const gateway = parseIpv4(network.gateway);
  if (gateway === first) first += 1;
  else if (gateway === last) last -= 1;
  const range = `${formatIpv4(first)}–${formatIpv4(last)}`;
  return gateway !== undefined && gateway > first && gateway < last ? `${range} other than the gateway ${network.gateway}` : range;
}

/** A usable address of the network that is not the gateway nor taken, searching upwards from the highest taken one. */
export function freeAddress(network: Network, taken: ReadonlySet<number>): number | undefined {
  const cidr = parseCidr(network.subnet);
  if (!cidr) return undefined;
  const first = firstUsable(cidr);
  const last = lastUsable(cidr);
  const gateway = parseIpv4(network.gateway);
  const inside = [...taken].filter((address) => address >= first && address <= last);
  const start = inside.length > 0 ? Math.max(...inside) + 1 : first;
  const count = last - first + 1;
  for (let step = 0; step < count; step++) {
    const candidate = first + ((start - first + step) % count);
    if (candidate !== gateway && !taken.has(candidate)) return candidate;
  }
  return undefined;
}

/** A subnet of the same size after `near` that overlaps none of `taken`, or undefined if none is close. */
export function freeSubnet(near: Cidr, taken: readonly Cidr[]): Cidr | undefined {
  const size = blockSize(near.prefix);
  const base = networkAddress(near);
  for (let step = 1; step <= 65536; step++) {
    const address = base + step * size;
    if (address + size > 2 ** 32) return undefined;
    const candidate = { address, prefix: near.prefix };
    if (!taken.some((other) => cidrsOverlap(candidate, other))) return candidate;
  }
  return undefined;
}

