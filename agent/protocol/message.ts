import type { AddressRef, EpochAddress, OwnershipRecord } from './record.js';

/** The kinds of datagram on the ownership channel. */
export type MessageKind = 'announce' | 'solicit' | 'heartbeat' | 'claim' | 'release';

/** The header byte of each kind; 0 and anything unlisted is not a kind. */
export const KIND_CODES = { announce: 1, solicit: 2, heartbeat: 3, claim: 4, release: 5 } as const satisfies Record<MessageKind, number>;

/** Fields every datagram carries, stamped by the shell, not by the state machine. */
export interface Envelope {
  clusterId: string;
  /** Sender node id. */
  from: string;
  /** Random 64-bit id of the sender's process start, 16 lowercase hex digits. */
  bootId: string;
  /** Per-sender sequence number, strictly increasing within one boot (a safe integer ≥ 0). */
  seq: number;
  /** Sender's wall clock in ms since the epoch; informational only, never used for decisions. */
  sentAt: number;
}

/** "Here I am": at boot and in reply to a solicitation. */
export interface AnnounceBody {
  kind: 'announce';
  record: OwnershipRecord;
}

/** "Everybody, announce yourselves." */
export interface SolicitBody {
  kind: 'solicit';
}

/** One peer in a heartbeat's view: how long ago the sender last heard it. */
export interface PeerHeard {
  node: string;
  agoMs: number;
}

/** Periodic liveness with the sender's view of its peers. */
export interface HeartbeatBody {
  kind: 'heartbeat';
  record: OwnershipRecord;
  /** Every peer the sender has heard since it booted. */
  heard: PeerHeard[];
  /** Peers the sender currently suspects or has declared lost (never heard ones included). */
  suspects: string[];
}

/** The sender takes `claimed` at a new `epoch` (takeover, boot, failback); its record lists them. */
export interface ClaimBody {
  kind: 'claim';
  record: OwnershipRecord;
  claimed: AddressRef[];
  epoch: number;
  /** The node that held them before, when this is a takeover. */
  previous?: string;
}

/** The sender gives addresses up (failback), each at the epoch it held it. */
export interface ReleaseBody {
  kind: 'release';
  released: EpochAddress[];
  /** The node expected to claim them next. */
  to?: string;
}

/** A message as the state machine produces it: the shell adds the Envelope. */
export type MessageBody = AnnounceBody | SolicitBody | HeartbeatBody | ClaimBody | ReleaseBody;

/** A complete, authenticated message. */
export type Message = MessageBody & Envelope;

/** Joins a body to its envelope (the shell's job before encode). */
export function stamp(body: MessageBody, envelope: Envelope): Message {
  return { ...envelope, ...body };
}
