import { run } from './run.js';

/** Deletes every host iptables rule whose comment `select` picks; returns the rules removed. */
export async function removeIptablesRules(select: (comment: string) => boolean): Promise<string[]> {
  const removed: string[] = [];
  for (const tool of ['iptables', 'ip6tables']) {
    const saved = await run(`${tool}-save`, []);
    if (!saved.ok) continue;
    let table = 'filter';
    for (const line of saved.stdout.split('\n')) {
      if (line.startsWith('*')) table = line.slice(1);
      const comment = /--comment "?([^"\s]+)"?/.exec(line)?.[1];
      if (!line.startsWith('-A ') || !comment || !select(comment)) continue;
      if ((await run(tool, ['-t', table, '-D', ...splitRule(line.slice(3))])).ok) removed.push(`${tool} -t ${table} ${line}`);
    }
  }
  return removed;
}

/** Splits an iptables-save rule into argv, honouring double quotes. */
function splitRule(rule: string): string[] {
  return (rule.match(/"[^"]*"|\S+/g) ?? []).map((a) => a.replace(/^"(.*)"$/, '$1'));
}
