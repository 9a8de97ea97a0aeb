import { LineSession } from './line-session.js';

/**
 * A long-lived `tc -batch -` inside one node's network namespace (entered from the host with
 * nsenter, so it works while the node is paused): a link impairment changes within a millisecond
 * or two instead of the ~15 ms of spawning nsenter and tc per command.
 */
export class TcSession {
  private readonly session: LineSession;
  private requests = 0;

  constructor(pid: number) {
    this.session = new LineSession('nsenter', ['-t', String(pid), '-n', 'tc', '-force', '-batch', '-']);
  }

  /**
   * Runs tc commands (without the leading `tc`), then shows the qdiscs of `dev`. tc prints nothing
   * when a command succeeds, so each request ends with a show of a device that cannot exist,
   * whose error names it: the end marker. Errors are everything else on stderr.
   */
  async apply(commands: string[][], dev: string): Promise<{ ok: boolean; error: string; qdiscs: string }> {
    const marker = `hatcp-end-${++this.requests}`;
    const input = [...commands.map((c) => c.join(' ')), `qdisc show dev ${dev}`, `qdisc show dev ${marker}`, ''].join('\n');
    const end = new RegExp(`"${marker}"\\nCommand failed -:\\d+\\n`);
    const reply = await this.session.request(input, (r) => end.test(r.stderr));
    const error = reply.stderr.split('\n').filter((l) => l.trim() && !l.includes(marker) && !/^Command failed -:\d+$/.test(l.trim())).join('\n');
    // Every failed command is reported as "Command failed -:N"; the marker's is expected.
    const failures = (reply.stderr.match(/Command failed -:\d+/g) ?? []).length;
    return { ok: failures <= 1 && error === '', error, qdiscs: reply.stdout.trim() };
  }

  close(): Promise<void> {
    return this.session.close();
  }
}
