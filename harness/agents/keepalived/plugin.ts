import { readFromContainer } from '../../backends/docker/files.js';
import { killNamed } from '../../host/container-procs.js';
import { HatcpError } from '../../errors/hatcp-error.js';
import type { RunEvent } from '../../history/types.js';
import type { Lab } from '../../lab/lab.js';
import type { AgentConfig, Scenario } from '../../scenario/types.js';
import { APP_LOG, readLogs, startApp, waitForVip } from '../app.js';
import type { AgentContext, AgentPlugin } from '../plugin.js';
import { nodesWithRole, roleOf } from '../roles.js';
import { CONFIG_FILE, EVENTS_FILE, NOTIFY_SCRIPT, keepalivedConf, notifyScript, parseNotifyLines, stateEventKind } from './config.js';

const LOG_FILE = '/var/log/keepalived.log';

type KeepalivedConfig = Extract<AgentConfig, { kind: 'keepalived' }>;

function config(scenario: Scenario): KeepalivedConfig {
  if (scenario.agent.kind !== 'keepalived') throw new HatcpError('keepalived plug-in used for another agent kind');
  return scenario.agent;
}

/** The nodes that run keepalived: the primary and the standbys. */
function vrrpNodes(lab: Lab): string[] {
  return [...nodesWithRole(lab.topology, 'primary'), ...nodesWithRole(lab.topology, 'standby')];
}

async function startOn(lab: Lab, scenario: Scenario, node: string): Promise<void> {
  const ifname = lab.node(node).links.find((l) => l.network === scenario.service.network)!.ifname;
  const conf = keepalivedConf(node, ifname, roleOf(lab.topology, node) === 'primary', config(scenario), scenario.service);
  const script = `mkdir -p /etc/keepalived
cat > ${CONFIG_FILE} <<'HATCP_EOF'
${conf}HATCP_EOF
cat > ${NOTIFY_SCRIPT} <<'HATCP_EOF'
${notifyScript}HATCP_EOF
chmod 0755 ${NOTIFY_SCRIPT}
# A crashed node keeps its pid files across the restart, and the pid they name may be alive again
# in the new process tree: keepalived would then refuse to start ("daemon is already running").
rm -f /run/keepalived.pid /run/vrrp.pid /run/checkers.pid
keepalived --dont-fork --log-console --log-detail -f ${CONFIG_FILE} >>${LOG_FILE} 2>&1 </dev/null &
sleep 0.1; pgrep -x keepalived >/dev/null || { tail -n 15 ${LOG_FILE} >&2; exit 1; }`;
  const r = await lab.exec(node, ['sh', '-c', script]);
  if (r.exitCode !== 0) throw new HatcpError(`keepalived did not start on ${node}: ${r.stderr.trim()}`, { hint: `see ${LOG_FILE} in the node` });
}

/** keepalived/VRRP: the VIP moves to the standby; TCP connections do not survive. */
export const keepalivedAgent: AgentPlugin = {
  kind: 'keepalived',
  async start({ lab, scenario }: AgentContext) {
    const nodes = vrrpNodes(lab);
    await Promise.all(nodes.map((n) => startApp(lab, n, scenario.service)));
    await Promise.all(nodes.map((n) => startOn(lab, scenario, n)));
    await waitForVip(lab, nodesWithRole(lab.topology, 'primary')[0]!, scenario.service.vip, 10_000);
  },
  async restartNode({ lab, scenario }, node) {
    if (!vrrpNodes(lab).includes(node)) return;
    await startApp(lab, node, scenario.service);
    await startOn(lab, scenario, node);
  },
  async kill({ lab }, node) {
    const { killed, left, at } = await killNamed(lab.node(node).containerId, 'keepalived');
    if (killed.length === 0) return { verified: false, evidence: 'no keepalived process was running' };
    return { at, verified: left.length === 0, evidence: left.length === 0 ? `SIGKILL to keepalived (host pids ${killed.join(',')}); none left` : `still running: host pids ${left.join(',')}` };
  },
  async events({ lab }) {
    const all = await Promise.all(vrrpNodes(lab).map(async (node): Promise<RunEvent[]> => {
      const text = await readFromContainer(lab.node(node).containerId, EVENTS_FILE);
      return parseNotifyLines(text).map((e) => ({ t: e.t, source: 'agent', node, kind: stateEventKind(e.state) }));
    }));
    return all.flat().sort((a, b) => a.t - b.t);
  },
  logs({ lab }) {
    return readLogs(lab, vrrpNodes(lab), [LOG_FILE, APP_LOG]);
  },
};
