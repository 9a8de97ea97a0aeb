/** Checks of single scalar values in a topology file: names, addresses and subnets. */
import { canonicalCidr, formatCidr, isNetworkAddress, parseCidr, parseIpv4 } from './ipv4.js';
import { describeValue, type Problem } from './problem.js';

/** Smallest and largest prefix length a network's subnet may have. */
export const MIN_PREFIX = 8;
export const MAX_PREFIX = 29;

/** What a name is used for, with its length limit and an example. */
export interface NameKind {
  what: string;
  max: number;
  example: string;
}

export const TOPOLOGY_NAME: NameKind = { what: 'topology name', max: 24, example: 'ha-lan' };
export const NETWORK_NAME: NameKind = { what: 'network name', max: 15, example: 'lan' };
export const NODE_NAME: NameKind = { what: 'node name', max: 15, example: 'client' };

/** The regular expression a name of this kind must match. */
export function namePattern(kind: NameKind): RegExp {
  return new RegExp(`^[a-z][a-z0-9-]{0,${kind.max - 1}}$`);
}

/** Checks a DNS-label-like name (lowercase letter first, then letters, digits, '-'), limited in length. */
export function checkName(value: string, kind: NameKind): Problem | undefined {
  if (namePattern(kind).test(value)) return undefined;
  const rule = `use lowercase letters, digits and "-", starting with a letter, at most ${kind.max} characters`;
  const suggestion = suggestName(value, kind);
  const example = suggestion ? `, e.g. ${suggestion}` : '';
  if (value.length > kind.max && /^[a-z][a-z0-9-]*$/.test(value)) {
    return { message: `${describeValue(value)} is too long for a ${kind.what} (${value.length} characters, at most ${kind.max})`, hint: `shorten it${example}` };
  }
  return { message: `${describeValue(value)} is not a valid ${kind.what}`, hint: `${rule}${example}` };
}

/** A valid name close to what was written, or undefined if nothing sensible remains. */
function suggestName(value: string, kind: NameKind): string | undefined {
  const cleaned = value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, kind.max)
    .replace(/-+$/, '');
  return cleaned && namePattern(kind).test(cleaned) ? cleaned : undefined;
}

/** Checks a plain IPv4 address (no prefix), e.g. a node's `ip` or a network's `gateway`. */
export function checkIpv4(value: string, field: string): Problem | undefined {
  if (parseIpv4(value) !== undefined) return undefined;
  const cidr = parseCidr(value);
  if (cidr) {
    const bare = value.slice(0, value.indexOf('/'));
    return { message: `${describeValue(value)} has a prefix length; ${field} takes a plain address`, hint: `write ${bare} (the prefix comes from the network's subnet)` };
  }
  return { message: `${describeValue(value)} is not an IPv4 address`, hint: `write four numbers 0–255 separated by dots, e.g. ${field}: 10.77.0.10` };
}

/** Checks a network's subnet: IPv4 CIDR, prefix within limits, written as its network address. */
export function checkSubnet(value: string): Problem | undefined {
  const cidr = parseCidr(value);
  if (!cidr) {
    if (parseIpv4(value) !== undefined) {
      return { message: `${describeValue(value)} has no prefix length`, hint: `write it in CIDR form, e.g. ${value}/24` };
    }
    return { message: `${describeValue(value)} is not an IPv4 subnet`, hint: 'write it in CIDR form address/prefix, e.g. 10.77.0.0/24' };
  }
  if (cidr.prefix < MIN_PREFIX || cidr.prefix > MAX_PREFIX) {
    const size = cidr.prefix < MIN_PREFIX ? 'too large' : 'too small';
    return { message: `${value} is ${size}: a network's prefix must be between /${MIN_PREFIX} and /${MAX_PREFIX}`, hint: 'use e.g. a /24 such as 10.77.0.0/24' };
  }
  if (!isNetworkAddress(cidr)) {
    return { message: `${value} is not a network address (host bits are set)`, hint: `write ${formatCidr(canonicalCidr(cidr))}` };
  }
  return undefined;
}

/** Checks an extra address in CIDR form (`10.77.0.100/24`); host bits may be set. */
export function checkAddressWithPrefix(value: string): Problem | undefined {
  if (parseCidr(value)) return undefined;
  if (parseIpv4(value) !== undefined) {
    return { message: `${describeValue(value)} has no prefix length`, hint: `write it in CIDR form, e.g. ${value}/24` };
  }
  return { message: `${describeValue(value)} is not an IPv4 address in CIDR form`, hint: 'write address/prefix, e.g. 10.77.0.100/24' };
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Regular expression source an environment variable name must match. */
export const ENV_NAME_PATTERN = ENV_NAME.source;

/** Checks an environment variable name. */
export function checkEnvName(value: string): Problem | undefined {
  if (ENV_NAME.test(value)) return undefined;
  return { message: `${describeValue(value)} is not a valid environment variable name`, hint: 'use letters, digits and "_", not starting with a digit' };
}

/** A cpuset list: CPU numbers and ranges, comma-separated (as Docker's --cpuset-cpus takes). */
const CPU_LIST = /^\d{1,4}(-\d{1,4})?(,\d{1,4}(-\d{1,4})?)*$/;

/** The CPUs of a list that passes checkCpuList ("0-1,3"), ascending, each once. */
export function cpusOf(list: string): number[] {
  const out = new Set<number>();
  for (const part of list.split(',')) {
    const [a, b = a] = part.split('-').map(Number);
    for (let c = a!; c <= b!; c++) out.add(c);
  }
  return [...out].sort((x, y) => x - y);
}

/** The highest CPU of a list that passes checkCpuList. */
export function highestCpu(list: string): number {
  return Math.max(...cpusOf(list));
}

/** Checks a cpuset list: "1", "0-3", "0-1,3". */
export function checkCpuList(value: string): Problem | undefined {
  if (!CPU_LIST.test(value)) return { message: `${describeValue(value)} is not a list of CPUs`, hint: 'write CPU numbers and ranges separated by commas, e.g. cpus: "1" or cpus: "0-1,3"' };
  const down = value.split(',').find((part) => {
    const [a, b] = part.split('-').map(Number);
    return b !== undefined && b < a!;
  });
  if (down) return { message: `the range "${down}" goes down`, hint: `write it low to high: "${down.split('-').reverse().join('-')}"` };
  return undefined;
}

/** Checks an image reference is not blank. */
export function checkImage(value: string): Problem | undefined {
  if (value.trim() !== '') return undefined;
  return { message: 'image is empty', hint: 'name an image such as debian:bookworm-slim, or remove image to use the hatcp node image' };
}
