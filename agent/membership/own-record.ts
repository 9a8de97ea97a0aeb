import type { OwnershipRecord } from '../protocol/record.js';
import { selfRole, type MembershipConfig } from './config.js';
import type { MembershipState } from './state.js';

/** This node's ownership record as of `state`. */
export function ownRecord(state: MembershipState, config: MembershipConfig): OwnershipRecord {
  return {
    nodeId: config.self,
    role: selfRole(config),
    failoverPolicy: [...config.failoverPolicy],
    addresses: [...state.held].map(([ip, h]) => ({ ip, prefix: h.prefix, mac: config.mac, epoch: h.epoch })),
    ports: config.ports.map((r) => ({ ...r })),
    application: config.application,
    arp: { ...config.arp },
    protocol: 'tcp',
    failback: config.failback,
    liveConnections: state.connections ?? 0,
  };
}
