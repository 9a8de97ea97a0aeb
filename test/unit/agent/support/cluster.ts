import type { MembershipConfig, WitnessPolicy } from '../../../../agent/membership/config.js';
import type { FailbackPolicy } from '../../../../agent/protocol/record.js';

/** The service address of the test cluster. */
export const VIP = { ip: '10.77.0.100', prefix: 24 };
/** Heartbeat period and misses of the test cluster. */
export const INTERVAL_MS = 100;
export const MISSES = 3;

/** Options of the test cluster. */
export interface ClusterOptions {
  witnessPolicy?: WitnessPolicy;
  failback?: FailbackPolicy;
}

/** Configs of a primary (owns the VIP), a standby (takes it over) and a witness, in that order. */
export function clusterConfigs(options: ClusterOptions = {}): MembershipConfig[] {
  const nodes = [
    { id: 'primary', role: 'primary' as const },
    { id: 'standby', role: 'standby' as const },
    { id: 'witness', role: 'witness' as const },
  ];
  const common = {
    clusterId: 'lab',
    nodes,
    intervalMs: INTERVAL_MS,
    misses: MISSES,
    witnessPolicy: options.witnessPolicy ?? 'safety',
    failback: options.failback ?? 'never',
    arp: { garpCount: 3, garpSpacingMs: 50 },
    ports: [{ from: 7000, to: 7000 }],
    application: 'echo',
  };
  return [
    { ...common, self: 'primary', mac: '02:00:00:00:00:0b', owned: [VIP], failoverPolicy: ['standby'] },
    { ...common, self: 'standby', mac: '02:00:00:00:00:0c', owned: [], failoverPolicy: ['primary'] },
    { ...common, self: 'witness', mac: '02:00:00:00:00:0d', owned: [], failoverPolicy: [] },
  ];
}
