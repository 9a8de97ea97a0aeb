import type { AgentConfig, Service } from '../../scenario/types.js';

type KeepalivedConfig = Extract<AgentConfig, { kind: 'keepalived' }>;

/** Where the notify script appends `<epoch ns> <STATE>` lines inside the node. */
export const EVENTS_FILE = '/var/log/hatcp-agent-events';
export const NOTIFY_SCRIPT = '/etc/keepalived/hatcp-notify.sh';
export const CONFIG_FILE = '/etc/keepalived/keepalived.conf';

/**
 * keepalived.conf for one node. The primary starts as MASTER (no election wait at start); every
 * state change runs the notify script, which timestamps it on the host clock.
 * Sub-second advert_int needs VRRPv3 (centiseconds); whole seconds keep keepalived's default v2.
 */
export function keepalivedConf(node: string, ifname: string, isPrimary: boolean, cfg: KeepalivedConfig, service: Service): string {
  const seconds = cfg.advertIntMs / 1000;
  const v3 = cfg.advertIntMs % 1000 !== 0;
  return `global_defs {
  router_id ${node}
  enable_script_security
  script_user root
${v3 ? '  vrrp_version 3\n' : ''}}

vrrp_instance hatcp {
  state ${isPrimary ? 'MASTER' : 'BACKUP'}
  interface ${ifname}
  virtual_router_id ${cfg.virtualRouterId}
  priority ${cfg.priorities[node] ?? 100}
  advert_int ${seconds}
${cfg.preempt ? '' : '  nopreempt\n'}  virtual_ipaddress {
    ${service.vip}/${service.prefix} dev ${ifname}
  }
  notify ${NOTIFY_SCRIPT}
}
`;
}

/** The notify script: keepalived calls it as `<script> INSTANCE <name> <STATE> <priority>`. */
export const notifyScript = `#!/bin/sh
echo "$(date +%s%N) $3" >> ${EVENTS_FILE}
`;

/** Parses the events file into (epoch ms, state) pairs; ignores malformed lines. */
export function parseNotifyLines(text: string): { t: number; state: string }[] {
  return text.split('\n').flatMap((line) => {
    const m = /^(\d{19}) (\w+)$/.exec(line.trim());
    return m ? [{ t: Number(BigInt(m[1]!) / 1000n) / 1000, state: m[2]! }] : [];
  });
}

/** keepalived's state name as a hatcp agent event kind. */
export function stateEventKind(state: string): string {
  return `vrrp-${state.toLowerCase()}`;
}
