/**
 * Which packets the witness snoops: TCP to or from a served endpoint (an owned IP and one of its
 * port ranges, from the ownership records). One selector gives both the BPF filter that tcpdump
 * applies in the kernel and the `isServer` predicate of the tracker, so the two cannot disagree.
 * Pure: data in, a string or a boolean out.
 */
import type { Endpoint } from './tcp-tracker.js';

export interface PortRange {
  from: number;
  to: number;
}

/** One owned IP and the ports it serves. */
export interface ServedAddress {
  ip: string;
  ports: PortRange[];
}

export type Selector = readonly ServedAddress[];

const DOTTED_QUAD = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

/** Throws an Error naming the first bad value; a selector that passes yields a valid filter. */
export function validateSelector(selector: Selector): void {
  if (selector.length === 0) throw new Error('selector: no served address: the witness needs at least one owned IP and port range to snoop');
  selector.forEach((s, i) => {
    const at = `selector[${i}]`;
    const quad = DOTTED_QUAD.exec(s.ip);
    // Leading zeros are refused: some parsers read them as octal.
    if (!quad || quad.slice(1).some((o) => Number(o) > 255)) throw new Error(`${at}.ip: ${JSON.stringify(s.ip)} is not an IPv4 dotted quad (like 10.77.0.100)`);
    if (s.ports.length === 0) throw new Error(`${at}.ports: ${s.ip} has no port range: give at least one, like { from: 7000, to: 7000 }`);
    s.ports.forEach((r, j) => {
      for (const end of ['from', 'to'] as const) {
        const p = r[end];
        if (!Number.isInteger(p) || p < 1 || p > 65535) throw new Error(`${at}.ports[${j}].${end}: ${String(p)} is not a port (an integer 1–65535)`);
      }
      if (r.from > r.to) throw new Error(`${at}.ports[${j}]: ${r.from}-${r.to} is backwards (from > to)`);
    });
  });
}

const portTerm = (dir: 'src' | 'dst', r: PortRange) => (r.from === r.to ? `${dir} port ${r.from}` : `${dir} portrange ${r.from}-${r.to}`);

/** One side's term: `dir host X and (dir port P or dir portrange A-B …)`. */
function sideTerm(dir: 'src' | 'dst', s: ServedAddress): string {
  const ports = s.ports.map((r) => portTerm(dir, r));
  return `(${dir} host ${s.ip} and ${ports.length === 1 ? ports[0]! : `(${ports.join(' or ')})`})`;
}

/**
 * The BPF filter for tcpdump: TCP whose source or destination is a served ip:port. Address and
 * port are tied to the same side, so VIP:ephemeral ↔ client:7000 (the VIP as a client) is left out.
 */
export function selectorFilter(selector: Selector, marker?: CaptureMarker): string {
  validateSelector(selector);
  const terms = selector.flatMap((s) => [sideTerm('src', s), sideTerm('dst', s)]);
  const tcp = `tcp and (${terms.join(' or ')})`;
  return marker ? `(${tcp}) or (udp and src host ${marker.ip} and dst port ${marker.port})` : tcp;
}

/**
 * The witness's own marker datagrams, also captured: one sent after a request arrived comes out of
 * the capture after every packet the interface saw before it, so once it is read the cache holds
 * them all (a capture that lags, on a starved CPU, would otherwise answer with stale state).
 */
export interface CaptureMarker {
  ip: string;
  port: number;
}

/** Whether an endpoint is a served one: the tracker's `isServer`, matching what the filter lets through. */
export function isServed(selector: Selector, e: Endpoint): boolean {
  for (const s of selector) {
    if (s.ip !== e.ip) continue;
    for (const r of s.ports) if (e.port >= r.from && e.port <= r.to) return true;
  }
  return false;
}
