/**
 * The agent process's configuration file (JSON, written by the harness or by hand), checked at
 * the edge with errors that name the field. No zod needed here: plain checks, then the
 * membership config's own consistency rules (configProblems).
 */
import { configProblems, type MembershipConfig } from '../membership/config.js';
import { APP_NAMES, type AppSpec } from '../service/app.js';
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
  /** The application this node serves on 0.0.0.0:port (primary and standby); the agent is its TCP front. */
  service?: AppSpec & { port: number };
  /** Client bytes the witness keeps per connection before reporting it unprotected (default 64 MiB). */
  cacheCapBytes?: number;
  /** Whether a node that can take over follows the witnesses' caches into a mirror (default true). */
  mirror?: boolean;
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
  const isPort = (p: unknown) => typeof p === 'number' && Number.isInteger(p) && p >= 1 && p <= 65535;
  const service = o.service as { app?: unknown; port?: unknown; exec?: { command?: unknown; connect?: unknown } } | undefined;
  if (service !== undefined) {
    if (typeof service !== 'object' || service === null) problems.push('service: expected an object { app, port }');
    else {
      if (!(APP_NAMES as readonly unknown[]).includes(service.app)) problems.push(`service.app: expected one of ${APP_NAMES.join(', ')}`);
      if (!isPort(service.port)) problems.push('service.port: expected a whole number 1–65535');
      const exec = service.exec;
      if (service.app === 'exec' && (typeof exec !== 'object' || exec === null)) problems.push('service.exec: expected an object { command, connect? } for app exec');
      else if (service.app !== 'exec' && exec !== undefined) problems.push(`service.exec: only for app exec, not ${String(service.app)}`);
      else if (exec) {
        if (!Array.isArray(exec.command) || exec.command.length === 0 || !exec.command.every((a) => typeof a === 'string')) problems.push('service.exec.command: expected a non-empty list of strings (the program, then its arguments)');
        if (exec.connect !== undefined && !isPort(exec.connect)) problems.push('service.exec.connect: expected a whole number 1–65535');
      }
    }
  }
  const cap = o.cacheCapBytes;
  if (cap !== undefined && (typeof cap !== 'number' || !Number.isInteger(cap) || cap < 1)) problems.push('cacheCapBytes: expected a whole number of bytes ≥ 1');
  if (o.mirror !== undefined && typeof o.mirror !== 'boolean') problems.push('mirror: expected true or false');
  if (problems.length > 0) throw new Error(`${file}: ${problems.join('; ')}`);
  return {
    membership: membership!, key, group, port: port as number, ifname, localIp, eventsFile,
    ...(service ? { service: service as AppSpec & { port: number } } : {}),
    ...(cap !== undefined ? { cacheCapBytes: cap as number } : {}),
    ...(o.mirror === false ? { mirror: false } : {}),
  };
}
