/** What each field of a topology file expects, for messages about missing or mistyped fields. */

/** A position in the parsed file: map keys and list indexes from the root. */
export type PathKey = string | number;

/** The kinds of field a topology file has. */
export type FieldKind =
  | 'root'
  | 'name'
  | 'networks'
  | 'network'
  | 'subnet'
  | 'gateway'
  | 'hub'
  | 'monitor'
  | 'nodes'
  | 'node'
  | 'role'
  | 'ip'
  | 'network-ref'
  | 'impair'
  | 'rate'
  | 'loss'
  | 'delay'
  | 'jitter'
  | 'links'
  | 'link'
  | 'addresses'
  | 'address'
  | 'image'
  | 'env'
  | 'env-value'
  | 'cpu-weight'
  | 'cpus'
  | 'unknown';

/** What a field should hold, in words, and a YAML line showing it (given the field's own key). */
export interface FieldDoc {
  expect: string;
  example: (key: string) => string;
}

const line = (text: string) => () => text;

export const FIELD_DOCS: Record<FieldKind, FieldDoc> = {
  root: { expect: 'a mapping with name, networks and nodes', example: line('name: ha-lan, then networks: and nodes: (see topologies/ha-lan.yaml)') },
  name: { expect: 'a name like ha-lan', example: line('name: ha-lan') },
  networks: { expect: 'a mapping of network names to networks', example: line('networks: { lan: { subnet: 10.77.0.0/24 } }') },
  network: { expect: 'a mapping with subnet and optional gateway, hub and monitor', example: (key) => `${key}: { subnet: 10.77.0.0/24 }` },
  subnet: { expect: 'an IPv4 subnet in CIDR form', example: line('subnet: 10.77.0.0/24') },
  gateway: { expect: 'an IPv4 address', example: line('gateway: 10.77.0.1') },
  hub: { expect: 'true or false', example: line('hub: true') },
  monitor: { expect: 'the name of a node on this network', example: line('monitor: witness') },
  nodes: { expect: 'a mapping of node names to nodes', example: line('nodes: { client: { role: client, ip: 10.77.0.10 } }') },
  node: { expect: 'a mapping with role and ip or links', example: (key) => `${key}: { role: client, ip: 10.77.0.10 }` },
  role: { expect: 'one of client, primary, standby, witness, other', example: line('role: client') },
  ip: { expect: 'an IPv4 address', example: line('ip: 10.77.0.10') },
  'network-ref': { expect: 'the name of a network', example: line('network: lan') },
  impair: { expect: 'a mapping with rate, loss, delay and jitter (all optional)', example: line('impair: { rate: 10mbit, delay: 20ms }') },
  rate: { expect: 'a rate like 10mbit or a number of bits/s', example: line('rate: 10mbit') },
  loss: { expect: 'a percentage like 1% or a number of percent', example: line('loss: 1%') },
  delay: { expect: 'a duration like 20ms or a number of milliseconds', example: line('delay: 20ms') },
  jitter: { expect: 'a duration like 5ms or a number of milliseconds', example: line('jitter: 5ms') },
  links: { expect: 'a list of links', example: line('links: [{ network: lan, ip: 10.77.0.10 }]') },
  link: { expect: 'a mapping with network, ip and optional impair', example: line('- { network: lan, ip: 10.77.0.10 }') },
  addresses: { expect: 'a list of IPv4 addresses in CIDR form', example: line('addresses: [10.77.0.100/24]') },
  address: { expect: 'an IPv4 address in CIDR form', example: line('- 10.77.0.100/24') },
  image: { expect: 'an image reference', example: line('image: debian:bookworm-slim') },
  env: { expect: 'a mapping of variable names to values', example: line('env: { KEY: value }') },
  'env-value': { expect: 'a string, number or boolean', example: (key) => `${key}: value` },
  'cpu-weight': { expect: 'a whole number from 2 to 262144 (1024 is an ordinary share)', example: line('cpu_weight: 8192') },
  cpus: { expect: 'a list of host CPU numbers and ranges', example: line('cpus: "0-1,3"') },
  unknown: { expect: 'something else', example: (key) => `${key}: …` },
};

const NETWORK_FIELDS: Record<string, FieldKind> = { subnet: 'subnet', gateway: 'gateway', hub: 'hub', monitor: 'monitor' };
const NODE_FIELDS: Record<string, FieldKind> = {
  role: 'role',
  ip: 'ip',
  network: 'network-ref',
  impair: 'impair',
  links: 'links',
  addresses: 'addresses',
  image: 'image',
  env: 'env',
  cpu_weight: 'cpu-weight',
  cpus: 'cpus',
};
const LINK_FIELDS: Record<string, FieldKind> = { network: 'network-ref', ip: 'ip', impair: 'impair' };
const IMPAIR_FIELDS: Record<string, FieldKind> = { rate: 'rate', loss: 'loss', delay: 'delay', jitter: 'jitter' };
const NODE_LISTS: Record<string, FieldKind> = { links: 'link', addresses: 'address', env: 'env-value' };

/** The kind of field at a path in the file, e.g. `['nodes', 'a', 'links', 0, 'ip']` → `ip`. */
export function fieldKind(path: readonly PathKey[]): FieldKind {
  const [top, , field, item, sub, leaf] = path.map(String);
  if (path.length === 0) return 'root';
  if (top === 'name') return path.length === 1 ? 'name' : 'unknown';
  if (top === 'networks') {
    if (path.length <= 2) return path.length === 1 ? 'networks' : 'network';
    return path.length === 3 ? (NETWORK_FIELDS[field ?? ''] ?? 'unknown') : 'unknown';
  }
  if (top !== 'nodes') return 'unknown';
  if (path.length <= 2) return path.length === 1 ? 'nodes' : 'node';
  if (path.length === 3) return NODE_FIELDS[field ?? ''] ?? 'unknown';
  if (path.length === 4) return field === 'impair' ? (IMPAIR_FIELDS[item ?? ''] ?? 'unknown') : (NODE_LISTS[field ?? ''] ?? 'unknown');
  if (field !== 'links') return 'unknown';
  if (path.length === 5) return LINK_FIELDS[sub ?? ''] ?? 'unknown';
  return path.length === 6 && sub === 'impair' ? (IMPAIR_FIELDS[leaf ?? ''] ?? 'unknown') : 'unknown';
}
