/**
 * hatcp-agent: `node dist/agent/main.js <config.json>`, one per node (primary, standby, witness).
 * The shell around the pure state machine (membership/step.ts): a UDP multicast socket on the
 * cluster LAN, a timer, and the actions it asks for — send, add or remove an address, gratuitous
 * ARPs, events. Datagrams go through admit() (HMAC, replay guard); anything else is counted,
 * logged and dropped. Runs on Node 18 inside the nodes.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseAgentConfig } from './shell/agent-config.js';
import { Shell } from './shell/shell.js';

// `ps`, `pgrep hatcp-agent` and /proc/<pid>/comm show it by its name, not as one more `node`.
process.title = 'hatcp-agent';
const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: hatcp-agent <config.json>\n');
  process.exit(2);
}
let shell: Shell;
try {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the configuration ${file}: ${(error as Error).message}`);
  }
  shell = new Shell(parseAgentConfig(text, file), randomBytes(8).toString('hex'));
} catch (error) {
  process.stderr.write(`hatcp-agent: ${(error as Error).message}\n`);
  process.exit(2);
}
const stop = () => {
  shell.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
shell.start().catch((error: Error) => {
  process.stderr.write(`hatcp-agent: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
