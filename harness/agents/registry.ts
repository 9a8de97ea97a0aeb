import type { AgentConfig } from '../scenario/types.js';
import { hatcpAgent } from './hatcp/plugin.js';
import { keepalivedAgent } from './keepalived/plugin.js';
import { noneAgent } from './none.js';
import type { AgentPlugin } from './plugin.js';

/** Every agent kind this build knows, by name. */
export const AGENTS: Record<AgentConfig['kind'], AgentPlugin> = {
  none: noneAgent,
  keepalived: keepalivedAgent,
  hatcp: hatcpAgent,
};
