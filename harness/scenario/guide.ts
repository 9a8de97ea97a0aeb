/** The FileGuide of scenario files: what each field expects, which keys each mapping takes. */
import { FIELD_DOCS, type FieldDoc, type PathKey } from '../topology/field-docs.js';
import { allowedKeysHint, type FileGuide } from '../topology/file-guide.js';
import { TOPOLOGY_GUIDE } from '../topology/topology-guide.js';
import { SCENARIO_KEYS } from './schema.js';

const line = (text: string) => () => text;
const doc = (expect: string, example: string): FieldDoc => ({ expect, example: line(example) });
const duration = (example: string): FieldDoc => doc(`a duration like ${example.split(': ')[1] ?? example} or a number of milliseconds`, example);
const boolean = (example: string): FieldDoc => doc('true or false', example);
const nodeName = (example: string): FieldDoc => doc('the name of a node', example);

/** Field docs by path pattern: list indexes and priority node names are `*`. */
const DOCS: Record<string, FieldDoc> = {
  '': doc('a mapping with name, topology, service, agent and traffic', 'see scenarios/crash-keepalived.yaml'),
  name: doc('a name like crash-keepalived', 'name: crash-keepalived'),
  topology: doc('the path of a topology file or a topology mapping', 'topology: ../topologies/ha-lan.yaml'),
  service: doc('a mapping with vip, port, app and (for app exec) exec', 'service: { vip: 10.77.0.100, port: 7000 }'),
  'service.exec': doc('a mapping with command and, for a TCP server, connect', 'exec: { command: [redis-server, --port, "6379"], connect: 6379 }'),
  'service.exec.command': doc('a list of strings: the program, then its arguments', 'command: [redis-server, --port, "6379"]'),
  'service.vip': doc('an IPv4 address', 'vip: 10.77.0.100'),
  'service.port': doc('a whole number from 1 to 65535', 'port: 7000'),
  agent: doc('a mapping with kind and its settings', 'agent: { kind: keepalived }'),
  'agent.advert_int': duration('advert_int: 1s'),
  'agent.priorities': doc('a mapping of node names to priorities', 'priorities: { primary: 150, standby: 100 }'),
  'agent.priorities.*': { expect: 'a whole number from 1 to 254', example: (key) => `${key}: 150` },
  'agent.preempt': boolean('preempt: true'),
  'agent.virtual_router_id': doc('a whole number from 1 to 255', 'virtual_router_id: 51'),
  traffic: doc('a list of traffic generators', 'traffic: [{ kind: stream, rate: 200, duration: 10s }]'),
  'traffic.*': doc('a mapping with kind and its settings', '- { kind: stream, rate: 200, duration: 10s }'),
  'traffic.*.name': doc('a name like s1', 'name: s1'),
  'traffic.*.from': nodeName('from: client'),
  'traffic.*.rate': doc('a number per second (messages, requests, commands or lines)', 'rate: 200'),
  'traffic.*.size': doc('a byte count like 64 or 1KiB', 'size: 64'),
  'traffic.*.concurrency': doc('a whole number from 1 to 1024', 'concurrency: 4'),
  'traffic.*.bytes': doc('a byte count like 64MiB or a number of bytes', 'bytes: 64MiB'),
  'traffic.*.start': duration('start: 0s'),
  'traffic.*.duration': duration('duration: 10s'),
  'traffic.*.reconnect': boolean('reconnect: true'),
  'traffic.*.stall_timeout': duration('stall_timeout: 2s'),
  'traffic.*.connect_timeout': duration('connect_timeout: 10s'),
  faults: doc('a list of faults', 'faults: [{ at: 3s, action: crash, target: primary }]'),
  'faults.*': doc('a mapping with at, action and target', '- { at: 3s, action: crash, target: primary }'),
  'faults.*.at': duration('at: 3s'),
  'faults.*.target': nodeName('target: primary'),
  'faults.*.targets': doc('a list of node names', 'targets: [primary, standby]'),
  'faults.*.targets.*': nodeName('- primary'),
  'faults.*.duration': duration('duration: 2s'),
  'faults.*.peers': doc('a list of node names', 'peers: [standby, witness]'),
  'faults.*.peers.*': nodeName('- standby'),
  'faults.*.network': doc('the name of a network', 'network: lan'),
  'faults.*.impair': FIELD_DOCS.impair,
  'faults.*.impair.rate': FIELD_DOCS.rate,
  'faults.*.impair.loss': FIELD_DOCS.loss,
  'faults.*.impair.delay': FIELD_DOCS.delay,
  'faults.*.impair.jitter': FIELD_DOCS.jitter,
  expect: doc('a mapping with continuity, max_stall and max_recover (all optional)', 'expect: { max_recover: 5s }'),
  'expect.continuity': boolean('continuity: true'),
  'expect.max_stall': duration('max_stall: 500ms'),
  'expect.max_recover': duration('max_recover: 5s'),
  repeat: doc('a whole number from 1 to 1000', 'repeat: 3'),
  rerun_inconclusive: doc('a whole number from 0 to 1000', 'rerun_inconclusive: 2'),
  seed: doc('a whole number from 0 to 2147483647', 'seed: 1'),
  drain: duration('drain: 1s'),
  capture: doc('links (a pcap per node link and per bridge) or bridges (per bridge only)', 'capture: bridges'),
};

/** The pattern of a path: list indexes and priority node names become `*`. */
function patternOf(path: readonly PathKey[]): string {
  return path.map((key, index) => (typeof key === 'number' || (index === 2 && path[1] === 'priorities') ? '*' : key)).join('.');
}

/** The value of `key` in a mapping, as a string, if it is one. */
function stringAt(mapping: unknown, key: string): string | undefined {
  const value = typeof mapping === 'object' && mapping !== null ? (mapping as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** The hint for a key that belongs to other options of a discriminated union (traffic kinds, fault actions, agent kinds). */
function optionKeyHint(byOption: Record<string, readonly string[]>, discriminator: string, what: string, key: string, mapping: unknown): string {
  const chosen = stringAt(mapping, discriminator);
  const allowed = (chosen !== undefined ? byOption[chosen] : undefined) ?? [...new Set(Object.values(byOption).flat())];
  const owners = Object.keys(byOption).filter((option) => byOption[option]?.includes(key));
  if (chosen !== undefined && owners.length > 0) {
    return `${key} applies to ${what} ${owners.join(', ')}, not ${chosen}; remove it`;
  }
  return allowedKeysHint(allowed, key);
}

/** How issues in a scenario file are worded; an inline topology is worded like a topology file. */
export const SCENARIO_GUIDE: FileGuide = {
  doc(path) {
    if (path[0] === 'topology' && path.length > 1) return TOPOLOGY_GUIDE.doc(path.slice(1));
    return DOCS[patternOf(path)] ?? FIELD_DOCS.unknown;
  },
  unknownKeyHint(path, key, mapping) {
    if (path[0] === 'topology') return TOPOLOGY_GUIDE.unknownKeyHint(path.slice(1), key, mapping);
    switch (patternOf(path)) {
      case '':
        return allowedKeysHint(SCENARIO_KEYS.root, key);
      case 'service':
        return allowedKeysHint(SCENARIO_KEYS.service, key);
      case 'expect':
        return allowedKeysHint(SCENARIO_KEYS.expect, key);
      case 'agent':
        return optionKeyHint(SCENARIO_KEYS.agent, 'kind', 'agent kind', key, mapping);
      case 'traffic.*':
        return optionKeyHint(SCENARIO_KEYS.traffic, 'kind', 'traffic of kind', key, mapping);
      case 'faults.*':
        return optionKeyHint(SCENARIO_KEYS.fault, 'action', 'action', key, mapping);
      case 'faults.*.impair':
        return allowedKeysHint(SCENARIO_KEYS.impair, key);
      default:
        return 'remove it';
    }
  },
  empty: { message: 'the file is empty', hint: 'a scenario needs name, topology, service, agent and traffic; see scenarios/crash-keepalived.yaml' },
  example: 'see scenarios/crash-keepalived.yaml for an example',
};
