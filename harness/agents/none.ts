import type { AgentPlugin } from './plugin.js';
import { addVip, APP_LOG, readLogs, startApp } from './app.js';
import { theNodeWithRole } from './roles.js';

/** No failover: the primary holds the VIP and serves; nothing moves when it fails. */
export const noneAgent: AgentPlugin = {
  kind: 'none',
  async start({ lab, scenario }) {
    const primary = theNodeWithRole(lab.topology, 'primary');
    await startApp(lab, primary, scenario.service);
    await addVip(lab, primary, scenario.service);
  },
  async restartNode({ lab, scenario }, node) {
    if (node !== theNodeWithRole(lab.topology, 'primary')) return;
    await startApp(lab, node, scenario.service);
    await addVip(lab, node, scenario.service);
  },
  async kill() {
    return { verified: false, evidence: 'agent none runs no agent process' };
  },
  async events() {
    return [];
  },
  logs({ lab }) {
    return readLogs(lab, [theNodeWithRole(lab.topology, 'primary')], [APP_LOG]);
  },
};
