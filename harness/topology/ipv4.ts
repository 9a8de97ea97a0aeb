/** Pure IPv4 arithmetic on unsigned 32-bit numbers. No validation policy here, only maths. */

/** An IPv4 prefix: an address (host bits may be set) and a prefix length 0–32. */
export interface Cidr {
  address: number;
  prefix: number;
}

const OCTET = /^(0|[1-9][0-9]{0,2})$/;

/** Parses dotted-quad text (`10.77.0.10`) to a number; undefined if it is not exactly four octets 0–255. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** Formats a 32-bit number as dotted-quad text. */
export function formatIpv4(value: number): string {
  const v = value >>> 0;
  return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
}

/** Parses `address/prefix` text (`10.77.0.0/24`); undefined unless both parts are valid. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseIpv4(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (address === undefined || !/^(0|[1-9][0-9]?)$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  return prefix <= 32 ? { address, prefix } : undefined;
}

/** Formats a CIDR as `address/prefix`, keeping its address as given. */
export function formatCidr(cidr: Cidr): string {
  return `${formatIpv4(cidr.address)}/${cidr.prefix}`;
}

/** The netmask of a prefix length as a number (`/24` → 255.255.255.0). */
export function prefixMask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Number of addresses a prefix length covers (`/24` → 256). */
export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** The network address of a CIDR (host bits cleared). */
export function networkAddress(cidr: Cidr): number {
  return (cidr.address & prefixMask(cidr.prefix)) >>> 0;
}

/** The broadcast address of a CIDR (host bits set). */
export function broadcastAddress(cidr: Cidr): number {
  return (networkAddress(cidr) + blockSize(cidr.prefix) - 1) >>> 0;
}

/** The same CIDR with host bits cleared (`10.77.0.5/24` → `10.77.0.0/24`). */
export function canonicalCidr(cidr: Cidr): Cidr {
  return { address: networkAddress(cidr), prefix: cidr.prefix };
}

/** Whether the CIDR's address is its network address. */
export function isNetworkAddress(cidr: Cidr): boolean {
  return networkAddress(cidr) === cidr.address;
}

/** Whether an address lies inside a CIDR (network and broadcast included). */
export function cidrContains(cidr: Cidr, address: number): boolean {
  return ((address & prefixMask(cidr.prefix)) >>> 0) === networkAddress(cidr);
}

/** Whether two CIDRs share at least one address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  const shorter = Math.min(a.prefix, b.prefix);
  return cidrContains({ address: a.address, prefix: shorter }, b.address);
}

/** The first address a host may use (network + 1; the network address itself for /31 and /32). */
export function firstUsable(cidr: Cidr): number {
  return cidr.prefix >= 31 ? networkAddress(cidr) : networkAddress(cidr) + 1;
}

/** The last address a host may use (broadcast − 1; the broadcast address itself for /31 and /32). */
export function lastUsable(cidr: Cidr): number {
  return cidr.prefix >= 31 ? broadcastAddress(cidr) : broadcastAddress(cidr) - 1;
}
