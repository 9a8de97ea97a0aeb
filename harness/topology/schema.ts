/** The zod schema of a topology YAML file: its shape, its value formats and its units. */
import { z } from 'zod';
import type { FieldKind } from './field-docs.js';
import type { Role } from './types.js';
import { DURATION_PATTERN, LOSS_PATTERN, RATE_PATTERN, parseDuration, parseLoss, parseRate } from './units.js';
import {
  ENV_NAME_PATTERN,
  MAX_PREFIX,
  MIN_PREFIX,
  NETWORK_NAME,
  NODE_NAME,
  TOPOLOGY_NAME,
  checkAddressWithPrefix,
  checkEnvName,
  checkCpuList,
  checkImage,
  checkIpv4,
  checkName,
  checkSubnet,
  namePattern,
  type NameKind,
} from './value-checks.js';
import { isMapping, nonEmpty, refined, unitSchema } from './zod-helpers.js';

/** Every role a node may have, in the order they are documented. */
export const ROLES = ['client', 'primary', 'standby', 'witness', 'other'] as const satisfies readonly Role[];

/** A name used as a map key (network or node), or as the topology's name. */
export function nameSchema(kind: NameKind, description: string) {
  return refined(z.string(), (value) => checkName(value, kind)).meta({
    description,
    pattern: namePattern(kind).source,
    examples: [kind.example],
  });
}

/** An IPv4 address without prefix. */
export function ipSchema(field: string, description: string, example: string) {
  return refined(z.string(), (value) => checkIpv4(value, field)).meta({
    description,
    pattern: '^[0-9]{1,3}(\\.[0-9]{1,3}){3}$',
    examples: [example],
  });
}

const topologyName = nameSchema(
  TOPOLOGY_NAME,
  'DNS-safe name of the topology, at most 24 characters; containers are named hatcp-<name>-<node>.',
);
const networkName = nameSchema(NETWORK_NAME, 'Network name: lowercase letters, digits and "-", at most 15 characters.');
const nodeName = nameSchema(NODE_NAME, 'Node name: lowercase letters, digits and "-", at most 15 characters.');
const networkRef = z.string().meta({ description: 'Name of a network defined under networks.', examples: ['lan'] });

const networkSchema = z
  .strictObject({
    subnet: refined(z.string(), checkSubnet).meta({
      description: `IPv4 subnet in CIDR form, prefix /${MIN_PREFIX} to /${MAX_PREFIX}, written as its network address.`,
      pattern: '^[0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}$',
      examples: ['10.77.0.0/24'],
    }),
    gateway: ipSchema('gateway', 'Host side of the bridge; defaults to the first usable address. Never given to a node.', '10.77.0.1').optional(),
    hub: z.boolean().default(false).meta({
      description: 'Flood every frame to every port (bridge ageing time 0), so a witness sees the others\' traffic.',
    }),
    monitor: z.string().min(1).optional().meta({
      description: 'The node on this network\'s monitor (SPAN) port: the bridge learns and switches as a switch does, and every frame another node sends into the network is also copied to this node. Multicast still reaches every port. Instead of hub: the witness sees everything, and no other node receives copies of traffic not meant for it.',
      examples: ['witness'],
    }),
  })
  .meta({ description: 'A Docker bridge network.' });

export const impairSchema = z
  .strictObject({
    rate: unitSchema(
      RATE_PATTERN,
      parseRate,
      'Egress rate limit: bit, kbit, mbit, gbit (bits/s), bps, kbps, mbps, gbps (bytes/s), or a number of bits/s.',
      '10mbit',
    ).optional(),
    loss: unitSchema(LOSS_PATTERN, parseLoss, 'Random loss: a percentage in (0, 100], e.g. 1% or 0.5%, or a number of percent.', '1%').optional(),
    delay: unitSchema(
      DURATION_PATTERN,
      (value) => parseDuration(value, 'delay', '20ms'),
      'One-way added delay: us, ms or s, or a number of milliseconds.',
      '20ms',
    ).optional(),
    jitter: unitSchema(
      DURATION_PATTERN,
      (value) => parseDuration(value, 'jitter', '5ms'),
      'Delay variation: us, ms or s, or a number of milliseconds. Needs a delay.',
      '5ms',
    ).optional(),
  })
  .meta({ id: 'Impairment', description: 'Impairments on what the node sends on this link. All optional.' });

const linkSchema = z
  .strictObject({
    network: networkRef,
    ip: ipSchema('ip', "The node's IPv4 address on that network.", '10.77.0.10'),
    impair: impairSchema.optional(),
  })
  .meta({ description: 'One interface of the node: eth0, eth1, … in list order.' });

/** A node uses either the one-link shorthand (ip, network, impair) or links, never both. */
function checkNodeShape(node: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const problem = (path: string[], message: string, hint: string) =>
    ctx.addIssue({ code: 'custom', path, message, params: { hint } });
  if (node['links'] !== undefined) {
    if (node['ip'] !== undefined) {
      problem(['links'], 'cannot be used together with ip', 'use ip (with network and impair) for one link, or links for several, not both');
    }
    for (const key of ['network', 'impair']) {
      if (node[key] !== undefined) problem([key], `${key} belongs inside each link when links is used`, `move it into the entries of links`);
    }
  } else if (node['ip'] === undefined) {
    problem([], 'has no address', 'add ip: 10.77.0.10 for one link, or links: [{ network: lan, ip: 10.77.0.10 }]');
  }
}

/**
 * The default CPU weight of a node by role (Docker cpu-shares; 1024 is the ordinary share). A
 * witness and a standby stand for hosts of their own whose timing is the thing measured: the
 * witness's capture must keep up with the traffic it snoops, and the standby's timers must read
 * the heartbeats when they are due, or a crash is detected late by however long it went without
 * CPU. Client and primary, which make and serve the load, take the ordinary share.
 */
export const ROLE_CPU_WEIGHT: Record<Role, number> = { client: 1024, primary: 1024, standby: 8192, witness: 8192, other: 1024 };

const nodeSchema = z
  .strictObject({
    role: z.enum(ROLES).meta({ description: 'What the node does in the test.' }),
    ip: ipSchema('ip', "Shorthand for one link: the node's IPv4 address.", '10.77.0.10').optional(),
    network: networkRef.optional(),
    impair: impairSchema.optional(),
    links: refined(z.array(linkSchema), (links) =>
      links.length > 0 ? undefined : { message: 'is empty', hint: 'list at least one link, e.g. links: [{ network: lan, ip: 10.77.0.10 }]' },
    )
      .meta({ description: 'Long form, instead of ip/network/impair: one entry per interface.' })
      .optional(),
    addresses: z
      .array(
        refined(z.string(), checkAddressWithPrefix).meta({
          description: 'IPv4 address in CIDR form.',
          examples: ['10.77.0.100/24'],
        }),
      )
      .meta({ description: "Extra IPv4 addresses in CIDR form, added on the node's first link." })
      .optional(),
    image: refined(z.string(), checkImage).meta({ description: 'Image override; default is the hatcp node image.' }).optional(),
    env: z
      .record(
        refined(z.string(), checkEnvName).meta({ pattern: ENV_NAME_PATTERN }),
        z.union([z.string(), z.number(), z.boolean()]).transform((value) => String(value)),
      )
      .meta({ description: 'Environment variables; numbers and booleans become strings.' })
      .optional(),
    cpu_weight: z
      .number()
      .int()
      .min(2)
      .max(262144)
      .meta({
        description: `The node's share of the host's CPUs when they are contended (Docker cpu-shares; 1024 is an ordinary share). Default ${ROLE_CPU_WEIGHT.witness} for a witness and a standby, 1024 otherwise: they stand for hosts of their own, and the witness's capture must keep up with the traffic it snoops, the standby's failure detection with the heartbeats, even when the testbed's nodes share a few cores.`,
        examples: [8192],
      })
      .optional(),
    cpus: refined(z.string(), checkCpuList)
      .meta({
        description: "The host CPUs the node may run on (Docker cpuset-cpus), e.g. \"1\" or \"0-1,3\". Default: any. Pinning stands nodes for separate hosts: a witness or standby pinned apart from client and primary does not take their CPU time (see the takeover benchmark's throughput); the node's receive processing is steered to those CPUs too (RPS).",
        examples: ['1', '0-1,3'],
      })
      .optional(),
  })
  .superRefine(checkNodeShape, { when: (payload) => isMapping(payload.value) })
  .meta({
    description: 'A container. Give it ip (one link, with optional network and impair) or links.',
    // JSON Schema only (editors): exactly one of ip and links; the loader reports it via checkNodeShape.
    oneOf: [{ required: ['ip'] }, { required: ['links'] }],
  });

/** The whole topology file. Unknown keys are errors at every level. */
export const topologyFileSchema = z
  .strictObject({
    name: topologyName,
    networks: refined(z.record(networkName, networkSchema), nonEmpty('network', 'lan: { subnet: 10.77.0.0/24 }')).meta({
      description: 'Networks by name.',
    }),
    nodes: refined(z.record(nodeName, nodeSchema), nonEmpty('node', 'client: { role: client, ip: 10.77.0.10 }')).meta({
      description: 'Nodes by name.',
    }),
  })
  .meta({
    title: 'hatcp topology',
    description: 'Networks and nodes of a hatcp testbed. Containers are named hatcp-<name>-<node>.',
  });

/** A topology file after parsing: units converted, defaults filled, shorthand not yet expanded. */
export type TopologyFile = z.output<typeof topologyFileSchema>;
/** What a topology file (or a defineTopology argument) may contain. */
export type TopologyInput = z.input<typeof topologyFileSchema>;
/** One node as written in the file. */
export type NodeFile = TopologyFile['nodes'][string];
/** Impairments as written in the file, units converted (rate in bits/s, loss in %, times in ms). */
export type ImpairFile = NonNullable<NodeFile['impair']>;

/** The keys each kind of mapping accepts, for "did you mean" hints on unknown keys. */
export const OBJECT_KEYS: Partial<Record<FieldKind, readonly string[]>> = {
  root: Object.keys(topologyFileSchema.shape),
  network: Object.keys(networkSchema.shape),
  node: Object.keys(nodeSchema.shape),
  link: Object.keys(linkSchema.shape),
  impair: Object.keys(impairSchema.shape),
};
