/**
 * The agent process's configuration file (JSON, written by the harness or by hand), checked at
 * the edge with errors that name the field. No zod needed here: plain checks, then the
 * membership config's own consistency rules (configProblems).
 */
import { configProblems, type MembershipConfig } from '../membership/config.js';
import { MIN_KEY_BYTES } from '../protocol/codec.js';

export interface AgentFileConfig {
  membership: MembershipConfig;
  /** Cluster key, hex. */
  key: string;
  /** Multicast group and UDP port of the ownership channel. */
  group: string;
  port: number;
  /** The interface on the cluster LAN, and this node's address on it (multicast is sent from it). */
  ifname: string;
  localIp: string;
  /** Where events go, one JSON per line, on the host clock (shared with the harness). */
  eventsFile: string;
}

/** Parses and checks the file's text; throws an Error listing every problem. */
export function parseAgentConfig(text: string, file: string): AgentFileConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not JSON (${(error as Error).message})`);
  }
  const problems: string[] = [];
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const str = (k: string) => {
    if (typeof o[k] !== 'string' || o[k] === '') problems.push(`${k}: expected a non-empty string`);
    return String(o[k] ?? '');
  };
  const key = str('key');
  if (key && (!/^([0-9a-f]{2})+$/.test(key) || key.length / 2 < MIN_KEY_BYTES)) problems.push(`key: expected at least ${MIN_KEY_BYTES} bytes as lowercase hex`);
  const group = str('group');
  if (group && !/^2(2[4-9]|3\d)\.\d+\.\d+\.\d+$/.test(group)) problems.push(`group: ${group} is not an IPv4 multicast address (224.0.0.0/4)`);
  const port = o.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) problems.push('port: expected a whole number 1–65535');
  const ifname = str('ifname');
  const localIp = str('localIp');
  const eventsFile = str('eventsFile');
  const membership = o.membership as MembershipConfig | undefined;
  if (typeof membership !== 'object' || membership === null) problems.push('membership: expected an object');
  else problems.push(...configProblems(membership).map((p) => `membership.${p}`));
  if (problems.length > 0) throw new Error(`${file}: ${problems.join('; ')}`);
  return { membership: membership!, key, group, port: port as number, ifname, localIp, eventsFile };
}
