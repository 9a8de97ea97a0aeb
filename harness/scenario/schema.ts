/** The zod schema of a scenario YAML file: its shape, value formats, units and defaults. */
import { z } from 'zod';
import { impairSchema, ipSchema, nameSchema, topologyFileSchema } from '../topology/schema.js';
import type { NameKind } from '../topology/value-checks.js';
import { refined } from '../topology/zod-helpers.js';
import { faultSchema } from './fault-schema.js';
import { bytesSchema, checkAdvertInt, durationSchema, inRange, nodeRef, positive, wholeNumberSchema } from './values.js';

export const SCENARIO_NAME: NameKind = { what: 'scenario name', max: 24, example: 'crash-keepalived' };
export const TRAFFIC_NAME: NameKind = { what: 'traffic name', max: 24, example: 's1' };

/** A list that must have at least one entry. */
function nonEmptyList<T extends z.ZodType>(item: T, what: string, example: string) {
  return refined(z.array(item), (list) => (list.length > 0 ? undefined : { message: `has no ${what}`, hint: `add at least one, e.g. ${example}` }));
}

const serviceSchema = z
  .strictObject({
    vip: ipSchema('vip', 'The service IP the clients connect to; inside a network of the topology, used by no node.', '10.77.0.100'),
    port: wholeNumberSchema('port', 1, 65535, 'The TCP port of the service.', 7000),
    app: z
      .enum(['echo', 'kv', 'stamp', 'exec'])
      .default('echo')
      .meta({
        description:
          'The application behind the VIP (default echo): echo returns every byte it receives (for stream, rpc, bulk and lines traffic); kv is a key-value store per connection (for kv traffic); stamp answers each line with the line and 8 random hex digits, deliberately non-deterministic, to show that a takeover detects that (for lines traffic, which checks that each answer begins with its line); exec runs a program of the node image (service.exec), e.g. redis-server.',
      }),
    exec: z
      .strictObject({
        command: refined(z.array(z.string()), (list) => (list.length > 0 && list[0] !== '' ? undefined : { message: 'names no program', hint: 'give the program, then its arguments, e.g. [redis-server, --port, "6379"]' }))
          .meta({ description: 'The program and its arguments, run directly (no shell) on each server node.', examples: [['redis-server', '--port', '6379', '--save', '', '--appendonly', 'no']] }),
        connect: wholeNumberSchema('connect', 1, 65535, 'The local TCP port the program listens on: it is started once per node and each connection is proxied to 127.0.0.1:connect. Omit it for a program that speaks over stdin/stdout, one process per connection (like inetd).', 6379).optional(),
      })
      .optional()
      .meta({ description: 'For app exec: the external program that is the application. The agent stays its TCP front, so a takeover replays the client\'s bytes into the standby\'s copy of the program.' }),
  })
  .meta({ description: 'The service the clients talk to: an application behind a service IP (VIP) and port.' });

const noAgent = z
  .strictObject({ kind: z.literal('none').meta({ description: 'No failover: the primary holds the VIP; nothing moves when it fails.' }) })
  .meta({ description: 'No failover agent (the baseline).' });

const keepalivedAgent = z
  .strictObject({
    kind: z.literal('keepalived').meta({ description: 'keepalived/VRRP on the primary and standby: the VIP moves, connections do not.' }),
    advert_int: durationSchema('advert_int', 'VRRP advertisement interval, a multiple of 10ms (default 1s).', '1s', checkAdvertInt).default(1000),
    priorities: z
      .record(nodeRef, wholeNumberSchema('priority', 1, 254, 'VRRP priority of this node.', 150))
      .meta({ description: 'VRRP priority by node name; default 150 for the primary, 100 for each standby.', examples: [{ primary: 150, standby: 100 }] })
      .optional(),
    preempt: z.boolean().default(true).meta({ description: 'Whether a returning higher-priority node takes the VIP back (default true).' }),
    virtual_router_id: wholeNumberSchema('virtual_router_id', 1, 255, 'VRRP virtual router id (default 51).', 51).default(51),
  })
  .meta({ description: 'keepalived (VRRP) moves the VIP to the standby; live TCP connections are lost.' });

const hatcpAgent = z
  .strictObject({
    kind: z.literal('hatcp').meta({ description: 'The hatcp agent on primary, standby and witness: authenticated ownership protocol, witness-confirmed takeover, fencing.' }),
    interval: durationSchema('interval', 'Heartbeat interval (default 100ms).', '50ms', positive('interval', '50ms')).default(100),
    misses: wholeNumberSchema('misses', 2, 100, 'Missed heartbeats before a peer is declared failed (default 3).', 3).default(3),
    witness_policy: z.enum(['safety', 'availability']).default('safety').meta({ description: 'When the witness is lost too: safety keeps waiting, availability takes over (default safety).' }),
    failback: z.enum(['never', 'new-connections', 'immediate', 'migrate']).default('never').meta({ description: 'How a returning primary gets its VIP back (default never): immediate drops the connections the standby serves, new-connections waits until it serves none, migrate moves them back live (the standby freezes them, the primary rebuilds them from the witness).' }),
    tcp_takeover: z.boolean().default(true).meta({ description: 'Carry the failed node\'s live TCP connections over to the standby (witness cache + TCP repair + replay); false moves the IP only (default true).' }),
    mirror: z.boolean().default(true).meta({ description: 'The standby keeps a mirror of the witness\'s cache current as traffic flows, so a failure ships only the newest bytes (default true); false fetches a connection\'s whole history at the failure: a takeover that slows as the connection grows, for a witness that sends nothing until then.' }),
    cache_cap: wholeNumberSchema('cache_cap', 1, 4096, 'MiB of client bytes the witness keeps per connection before it reports the connection unprotected (default 64).', 64).default(64),
    garp_count: wholeNumberSchema('garp_count', 1, 100, 'Gratuitous ARPs sent by a new owner (default 3).', 3).default(3),
    garp_spacing: durationSchema('garp_spacing', 'Time between those ARPs (default 20ms).', '20ms').default(20),
    key: refined(z.string(), (k) => (/^[0-9a-f]{32,128}$/.test(k) ? undefined : { message: `a cluster key must be 32 to 128 lowercase hex digits (16 to 64 bytes); this one is ${k.length} characters${/^[0-9a-f]*$/.test(k) ? '' : ', not all hex'}`, hint: 'generate one with: openssl rand -hex 32, or leave key out for a random one per run' }))
      .meta({ description: 'Cluster key (hex) that authenticates every message: HMAC-SHA256 on ownership datagrams, and the per-frame GMAC keys of cache frames are derived from it; default: a fresh random key per run.' })
      .optional(),
  })
  .meta({ description: 'The hatcp failover agent: moves the VIP with an authenticated protocol, confirmed by the witness.' });

/** Which failover agent runs in the nodes, by kind. */
export const agentSchema = z.discriminatedUnion('kind', [noAgent, keepalivedAgent, hatcpAgent]).meta({ description: 'The failover agent under test.' });

/** Keys every traffic generator takes. */
const trafficCommon = {
  name: nameSchema(TRAFFIC_NAME, 'Unique name of the generator (default: its kind and position, e.g. stream1).').optional(),
  from: nodeRef.meta({ description: 'The node the generator runs in (default: the only node with role client).' }).optional(),
  start: durationSchema('start', 'Offset from t0 at which it starts (default 0).', '0s').default(0),
  reconnect: z.boolean().default(false).meta({ description: 'Reconnect after a broken connection and time how long that took (default false).' }),
  stall_timeout: durationSchema('stall_timeout', 'No progress for this long counts as a broken connection (default 2s).', '2s', positive('stall_timeout', '2s')).default(2000),
  connect_timeout: durationSchema(
    'connect_timeout',
    'How long one connection attempt may take (default 200ms: a reconnecting client tries again every 250 ms rather than waiting for the kernel\'s SYN retransmissions at 1 s, 3 s, 7 s…). Longer lets the kernel retransmit the SYN, as a client that connects once does.',
    '200ms',
    positive('connect_timeout', '200ms'),
  ).default(200),
};
const sizeSchema = bytesSchema('size', 'Bytes per message, 16 to 65536 (default 64).', '64', inRange('size', 16, 65536)).default(64);
const runFor = durationSchema('duration', 'How long the generator runs.', '10s', positive('duration', '10s'));

/** A fixed rate of `what` (plural, lower case) per second, more than 0. */
function rateOf(what: string) {
  return refined(z.number(), (rate) => (rate > 0 ? undefined : { message: `rate ${rate} must be more than 0 ${what}/s`, hint: 'write e.g. rate: 200' })).meta({
    description: `${what.charAt(0).toUpperCase()}${what.slice(1)} per second, more than 0.`,
    examples: [200],
  });
}

const streamTraffic = z
  .strictObject({
    kind: z.literal('stream').meta({ description: 'Sequence-numbered, checksummed messages at a fixed rate, echoed back and verified.' }),
    ...trafficCommon,
    rate: rateOf('messages'),
    size: sizeSchema,
    duration: runFor,
  })
  .meta({ description: 'A steady stream of messages.' });

const rpcTraffic = z
  .strictObject({
    kind: z.literal('rpc').meta({ description: 'Request/response, each timed.' }),
    ...trafficCommon,
    rate: refined(z.number(), (rate) => (rate >= 0 ? undefined : { message: `rate ${rate} must be 0 (closed loop) or more requests/s`, hint: 'write e.g. rate: 100, or 0 for as fast as possible' }))
      .default(0)
      .meta({ description: 'Requests per second; 0 = closed loop, as fast as possible (default 0).', examples: [100] }),
    size: sizeSchema,
    concurrency: wholeNumberSchema('concurrency', 1, 1024, 'Requests outstanding at most (default 1).', 1).default(1),
    duration: runFor,
  })
  .meta({ description: 'Request/response traffic.' });

const bulkTraffic = z
  .strictObject({
    kind: z.literal('bulk').meta({ description: 'A large transfer, verified end to end.' }),
    ...trafficCommon,
    bytes: bytesSchema('bytes', 'How much to transfer.', '64MiB'),
    direction: z.enum(['up', 'down', 'both']).default('both').meta({ description: 'up = client to server, down = server to client, both (default).' }),
  })
  .meta({ description: 'A bulk transfer of a fixed size.' });

const kvTraffic = z
  .strictObject({
    kind: z.literal('kv').meta({ description: 'Key-value commands (mostly INCR counter, some SET, GET, DEL) at a fixed rate, each reply checked against the state the connection built; needs service.app: kv (dialect line) or a RESP server under service.app: exec (dialect resp).' }),
    ...trafficCommon,
    rate: rateOf('commands'),
    dialect: z.enum(['line', 'resp']).default('line').meta({
      description:
        "How the commands are spoken (default line): line is hatcp's own line protocol, for service.app: kv; resp is the Redis protocol (RESP2), for a redis-server behind service.app: exec. Redis keeps one store for all connections, so resp suits one connection that never reconnects.",
    }),
    duration: runFor,
  })
  .meta({ description: 'A steady stream of key-value commands whose answers depend on the connection\'s state: a takeover must carry that state over.' });

const linesTraffic = z
  .strictObject({
    kind: z.literal('lines').meta({
      description:
        'Numbered text lines (line 0, line 1, …) at a fixed rate, each answered by one reply line that must begin with the line it answers, in order: an echo passes, and so does a server that adds to each line, such as service.app: stamp; for service.app: echo, stamp, or a line server under service.app: exec.',
    }),
    ...trafficCommon,
    rate: rateOf('lines'),
    duration: runFor,
  })
  .meta({ description: 'A steady stream of lines whose answers need only begin with them: traffic for a server whose answers cannot be predicted.' });

/** One traffic generator, by kind. */
export const trafficSchema = z.discriminatedUnion('kind', [streamTraffic, rpcTraffic, bulkTraffic, kvTraffic, linesTraffic]);

const expectSchema = z
  .strictObject({
    continuity: z.boolean().meta({ description: 'Every generator kept its first connection, with no byte lost, duplicated or corrupted.' }).optional(),
    max_stall: durationSchema('max_stall', 'Longest interval without a verified operation around any fault.', '500ms').optional(),
    max_recover: durationSchema('max_recover', 'From each fault to the first verified operation issued after it (answers in flight at the fault do not count).', '5s').optional(),
  })
  .meta({ description: 'What the run must show for its exit code to be 0. Absent = not checked.' });

/** The whole scenario file. Unknown keys are errors at every level. */
export const scenarioFileSchema = z
  .strictObject({
    name: nameSchema(SCENARIO_NAME, 'DNS-safe name of the scenario, at most 24 characters; names its results directory.'),
    topology: z
      .union([
        z.string().meta({ description: 'Path of a topology file, relative to this file.', examples: ['../topologies/ha-lan.yaml'] }),
        topologyFileSchema,
      ])
      .meta({ description: 'The topology: a path relative to this file, or a topology written inline (same format as topology files).' }),
    service: serviceSchema,
    agent: agentSchema,
    traffic: nonEmptyList(trafficSchema, 'traffic', '- { kind: stream, rate: 200, duration: 10s }').meta({ description: 'Traffic generators, all started relative to t0.' }),
    faults: z.array(faultSchema).default([]).meta({ description: 'Faults injected while the traffic runs, at offsets from t0.' }),
    expect: expectSchema.default({}),
    repeat: wholeNumberSchema('repeat', 1, 1000, 'How many times to run it (default 1); run i gets seed + i.', 1).default(1),
    rerun_inconclusive: wholeNumberSchema('rerun_inconclusive', 0, 1000, 'How many inconclusive runs of the series to run again on a fresh lab (default 0): a run is inconclusive when its faults could not test what they meant to (a node took over before the fault, a fault did not take effect, a crashed node emitted a frame). The run set aside stays in the results and the report, with its reasons, outside the verdict and the aggregate; the series stops at `repeat` conclusive runs or when this many were set aside.', 2).default(0),
    seed: wholeNumberSchema('seed', 0, 2 ** 31 - 1, 'Seed of the traffic generators (default 1).', 1).default(1),
    drain: durationSchema('drain', 'Time after the last generator is due to finish before collection (default 1s).', '1s').default(1000),
    capture: z.enum(['links', 'bridges']).default('links').meta({ description: 'The pcaps the runner writes (default links): links, one per node link (the host side of its veth) and one per network bridge; bridges, the bridge captures alone, which hold every frame on the network once and the crash evidence. A run at gigabit rates pays for every per-link capture in CPU, more the more traffic the agent adds (its cache channel), so throughput figures are fairer with bridges.' }),
  })
  .meta({
    title: 'hatcp scenario',
    description: 'A topology, a failover agent, traffic and faults at fixed times: one hatcp experiment.',
  });

/** A scenario file after parsing: units converted, defaults filled, topology not yet resolved. */
export type ScenarioFile = z.output<typeof scenarioFileSchema>;
/** What a scenario file (or a defineScenario argument) may contain. */
export type ScenarioInput = z.input<typeof scenarioFileSchema>;
/** One traffic generator or fault as written, converted. */
export type TrafficFile = ScenarioFile['traffic'][number];
export type FaultFile = ScenarioFile['faults'][number];

/** The keys of each option of a discriminated union, by its discriminator value. */
function keysByOption(options: readonly { shape: Record<string, unknown> }[], key: string): Record<string, readonly string[]> {
  return Object.fromEntries(options.map((option) => [String((option.shape[key] as z.ZodLiteral).value), Object.keys(option.shape)]));
}

/** The keys each mapping accepts, for "did you mean" and "belongs to another kind" hints. */
export const SCENARIO_KEYS = {
  root: Object.keys(scenarioFileSchema.shape),
  service: Object.keys(serviceSchema.shape),
  expect: Object.keys(expectSchema.shape),
  agent: keysByOption(agentSchema.options, 'kind'),
  traffic: keysByOption(trafficSchema.options, 'kind'),
  fault: keysByOption(faultSchema.options, 'action'),
  impair: Object.keys(impairSchema.shape),
};
