import type { Envelope, Message, MessageBody } from '../../../../agent/protocol/message.js';
import type { OwnershipRecord } from '../../../../agent/protocol/record.js';

/** The cluster key of the tests. */
export const KEY = Buffer.from('0123456789abcdef0123456789abcdef', 'utf8');
/** Another key, for forgeries. */
export const OTHER_KEY = Buffer.from('fedcba9876543210fedcba9876543210', 'utf8');

/** An envelope from `from`, with a given sequence number. */
export function envelope(from: string, seq: number, bootId = '00000000000000a1'): Envelope {
  return { clusterId: 'lab', from, bootId, seq, sentAt: 1_700_000_000_000 + seq };
}

/** A primary's record holding the VIP at `epoch`. */
export function primaryRecord(epoch = 1, nodeId = 'primary'): OwnershipRecord {
  return {
    nodeId,
    role: 'primary',
    failoverPolicy: ['standby'],
    addresses: [{ ip: '10.77.0.100', prefix: 24, mac: '02:42:0a:4d:00:0b', epoch }],
    ports: [{ from: 7000, to: 7000 }, { from: 8000, to: 8099 }],
    application: 'echo',
    arp: { garpCount: 3, garpSpacingMs: 100 },
    protocol: 'tcp',
    failback: 'immediate',
    liveConnections: 2,
  };
}

/** One valid body of each kind, from the primary. */
export function sampleBodies(): MessageBody[] {
  return [
    { kind: 'announce', record: primaryRecord() },
    { kind: 'solicit' },
    { kind: 'heartbeat', record: primaryRecord(), heard: [{ node: 'standby', agoMs: 42 }, { node: 'witness', agoMs: 3 }], suspects: ['client-1'] },
    { kind: 'claim', record: primaryRecord(2), claimed: [{ ip: '10.77.0.100', prefix: 24 }], epoch: 2, previous: 'standby' },
    { kind: 'release', released: [{ ip: '10.77.0.100', prefix: 24, epoch: 2 }], to: 'standby' },
  ];
}

/** One valid message of each kind, with sequence numbers 1–5. */
export function sampleMessages(): Message[] {
  return sampleBodies().map((body, i) => ({ ...envelope('primary', i + 1), ...body }));
}
