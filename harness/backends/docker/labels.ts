/** Names and labels of everything hatcp creates, so it can always be found again and removed. */

export const LABEL = {
  /** Present on every object hatcp creates. */
  managed: 'io.hatcp',
  topology: 'io.hatcp.topology',
  node: 'io.hatcp.node',
  role: 'io.hatcp.role',
  network: 'io.hatcp.network',
  source: 'io.hatcp.source',
  /** Process that created it, so a concurrent run is not mistaken for a leak. */
  owner: 'io.hatcp.owner',
} as const;

/** Container name of a node: `hatcp-<topology>-<node>`. */
export function containerName(topology: string, node: string): string {
  return `hatcp-${topology}-${node}`;
}

/** Docker network name: `hatcp-<topology>-<network>`. */
export function networkName(topology: string, network: string): string {
  return `hatcp-${topology}-${network}`;
}

/** Prefix of every Linux bridge hatcp asks Docker for; `clean` removes leftovers with it. */
export const BRIDGE_PREFIX = 'hcbr';

/**
 * Linux bridge name of a network (at most 15 characters, IFNAMSIZ): `hcbr` + 10 hex digits
 * of a hash of `<topology>/<network>`, so two topologies never collide.
 */
export function bridgeName(topology: string, network: string): string {
  return `${BRIDGE_PREFIX}${fnv1a(`${topology}/${network}`).toString(16).padStart(8, '0')}`;
}

/** Label filter for Docker list calls: everything of one topology, or everything of hatcp. */
export function labelFilter(topology?: string): { label: string[] } {
  return { label: topology ? [`${LABEL.managed}=1`, `${LABEL.topology}=${topology}`] : [`${LABEL.managed}=1`] };
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
