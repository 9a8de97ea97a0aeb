import type { PortRange } from '../protocol/record.js';

/**
 * Established TCP connections whose local port is in `ports`, from the text of /proc/net/tcp:
 * `sl local_address rem_address st …`, addresses as hex `IP:PORT`, state 01 = ESTABLISHED.
 * Read directly (no `ss` process) so that it can be polled every few heartbeats.
 */
export function countEstablished(procNetTcp: string, ports: readonly PortRange[]): number {
  let count = 0;
  for (const line of procNetTcp.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 4 || fields[3] !== '01') continue;
    const port = parseInt(fields[1]!.split(':')[1] ?? '', 16);
    if (ports.some((r) => port >= r.from && port <= r.to)) count++;
  }
  return count;
}
