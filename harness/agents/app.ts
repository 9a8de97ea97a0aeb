import { DEPLOY_DIR } from '../backends/docker/nodes.js';
import { HatcpError } from '../errors/hatcp-error.js';
import type { Lab } from '../lab/lab.js';
import type { Service } from '../scenario/types.js';
import { readFromContainer } from '../backends/docker/files.js';
import type { AgentLog } from './plugin.js';

/** Where the application started by startApp writes its output, in the node. */
export const APP_LOG = '/var/log/hatcp-app.log';

/** The files `paths` of each node in `nodes` (running or stopped), those that hold anything. */
export async function readLogs(lab: Lab, nodes: string[], paths: string[]): Promise<AgentLog[]> {
  const all = await Promise.all(nodes.flatMap((node) => paths.map(async (path) => ({ node, path, text: await readFromContainer(lab.node(node).containerId, path) }))));
  return all.filter((l) => l.text.length > 0);
}

/** A word for sh: single-quoted, so the program's arguments reach it as written. */
const shellWord = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

/** The arguments of serve.js for `service`'s application. */
export function serveArgs(service: Service): string[] {
  const app = ['--app', service.app, '--port', String(service.port)];
  if (!service.exec) return app;
  return [...app, ...(service.exec.connect !== undefined ? ['--connect', String(service.exec.connect)] : []), '--', ...service.exec.command];
}

/** Starts the service's application as a plain TCP server on a node and waits until it listens. */
export async function startApp(lab: Lab, node: string, service: Service): Promise<void> {
  const cmd = `nohup node ${DEPLOY_DIR}/dist/agent/service/serve.js ${serveArgs(service).map(shellWord).join(' ')} >>${APP_LOG} 2>&1 &
for i in $(seq 100); do ss -Hltn "sport = :${service.port}" | grep -q LISTEN && exit 0; sleep 0.05; done
cat ${APP_LOG} >&2; exit 1`;
  const r = await lab.exec(node, ['sh', '-c', cmd]);
  if (r.exitCode !== 0) throw new HatcpError(`the ${service.app} application did not start listening on ${node}:${service.port}: ${r.stderr.trim()}`);
}

/** Adds the VIP on a node's interface in the service's network. */
export async function addVip(lab: Lab, node: string, service: Service): Promise<void> {
  const ifname = lab.node(node).links.find((l) => l.network === service.network)?.ifname;
  if (!ifname) throw new HatcpError(`node ${node} has no link on network ${service.network}, where the VIP ${service.vip} lives`);
  const r = await lab.exec(node, ['ip', 'addr', 'add', `${service.vip}/${service.prefix}`, 'dev', ifname]);
  if (r.exitCode !== 0) throw new HatcpError(`cannot add VIP ${service.vip} on ${node}: ${r.stderr.trim()}`);
}

/** Waits until the node holds the VIP (its agent added it). */
export async function waitForVip(lab: Lab, node: string, vip: string, timeoutMs: number): Promise<void> {
  const r = await lab.exec(node, ['sh', '-c', `for i in $(seq ${Math.ceil(timeoutMs / 50)}); do ip -4 -o addr | grep -q " ${vip}/" && exit 0; sleep 0.05; done; exit 1`]);
  if (r.exitCode !== 0) throw new HatcpError(`the agent on ${node} did not take the VIP ${vip} within ${timeoutMs} ms`, { hint: 'read the agent\'s log, which the run\'s folder keeps (logs/)' });
}
