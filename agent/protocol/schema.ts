/**
 * Strict zod schemas of the JSON body of each message kind (the kind itself travels in the binary
 * header, not in the body). Every bound here is deliberate: a peer that sends more than this is
 * broken or hostile, and the datagram limit (1400 bytes) would refuse it anyway.
 */
import { z } from 'zod';
import type { MessageKind } from './message.js';
import { FAILBACK_POLICIES, ROLES } from './record.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

/** A node or cluster id: 1–64 of letters, digits, `_.-`, starting with a letter or digit. */
export const nameSchema = z.string().regex(NAME, 'expected a name of 1–64 letters, digits, "_", ".", "-"');
const count = (max: number) => z.int().min(0).max(max);
const epoch = z.int().min(1);
const addressRef = { ip: z.ipv4(), prefix: count(32) };

/** An address with its prefix, e.g. {ip: "10.77.0.100", prefix: 24}. */
export const addressRefSchema = z.strictObject(addressRef);
const epochAddress = z.strictObject({ ...addressRef, epoch });
const ownedAddress = z.strictObject({ ...addressRef, mac: z.string().regex(MAC, 'expected a lowercase MAC aa:bb:cc:dd:ee:ff'), epoch });
const portRange = z
  .strictObject({ from: z.int().min(1).max(65535), to: z.int().min(1).max(65535) })
  .refine((r) => r.from <= r.to, 'port range "from" must not exceed "to"');

/** The ownership record of claim 9. */
export const recordSchema = z.strictObject({
  nodeId: nameSchema,
  role: z.enum(ROLES),
  failoverPolicy: z.array(nameSchema).max(16),
  addresses: z.array(ownedAddress).max(32),
  ports: z.array(portRange).max(32),
  application: z.string().min(1).max(64),
  arp: z.strictObject({ garpCount: count(100), garpSpacingMs: count(60_000) }),
  protocol: z.literal('tcp'),
  failback: z.enum(FAILBACK_POLICIES),
  liveConnections: count(Number.MAX_SAFE_INTEGER),
});

const envelope = {
  clusterId: nameSchema,
  from: nameSchema,
  bootId: z.string().regex(/^[0-9a-f]{16}$/, 'expected 16 lowercase hex digits'),
  seq: count(Number.MAX_SAFE_INTEGER),
  sentAt: count(Number.MAX_SAFE_INTEGER),
};

type Sender = { from: string; record: { nodeId: string } };
const recordIsSender = (m: Sender, ctx: z.RefinementCtx): void => {
  if (m.record.nodeId !== m.from) ctx.addIssue({ code: 'custom', path: ['record', 'nodeId'], message: `record is for "${m.record.nodeId}" but the sender is "${m.from}"` });
};

const announce = z.strictObject({ ...envelope, record: recordSchema }).superRefine(recordIsSender);
const solicit = z.strictObject(envelope);
const heartbeat = z
  .strictObject({
    ...envelope,
    record: recordSchema,
    heard: z.array(z.strictObject({ node: nameSchema, agoMs: count(Number.MAX_SAFE_INTEGER) })).max(64),
    suspects: z.array(nameSchema).max(64),
  })
  .superRefine(recordIsSender);
const claim = z
  .strictObject({ ...envelope, record: recordSchema, claimed: z.array(addressRefSchema).min(1).max(32), epoch, previous: nameSchema.optional() })
  .superRefine(recordIsSender)
  .superRefine((m, ctx) => {
    for (const c of m.claimed) {
      if (!m.record.addresses.some((a) => a.ip === c.ip && a.prefix === c.prefix && a.epoch === m.epoch))
        ctx.addIssue({ code: 'custom', path: ['claimed'], message: `claimed ${c.ip}/${c.prefix} is not in the sender's record at epoch ${m.epoch}` });
    }
  });
const release = z.strictObject({ ...envelope, released: z.array(epochAddress).min(1).max(32), to: nameSchema.optional() });

/** The body schema of each kind. */
export const BODY_SCHEMAS = { announce, solicit, heartbeat, claim, release } as const satisfies Record<MessageKind, z.ZodType>;

/** The first few issues of a failed parse as one line: `path: message; …`. */
export function issuesText(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(body)'}: ${i.message}`)
    .join('; ');
}
