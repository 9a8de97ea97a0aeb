import { execa, type ResultPromise } from 'execa';

/** What a session printed in answer to one request. */
export interface SessionReply {
  stdout: string;
  stderr: string;
}

/**
 * A long-lived command-line tool that reads commands on stdin and answers as it goes
 * (`ip -batch -`, `nft -i`, `tc -batch -`): a fault lands within a millisecond or two of its
 * scheduled instant, where spawning the tool would cost 5–15 ms. Requests are serialised; each
 * resolves once `done` recognises the end of its answer.
 */
export class LineSession {
  private readonly proc: ResultPromise;
  private reply: SessionReply = { stdout: '', stderr: '' };
  private check: (() => void) | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly command: string, args: string[]) {
    this.proc = execa(command, args, { stdin: 'pipe', reject: false, buffer: false });
    this.proc.stdout?.on('data', (b: Buffer) => {
      this.reply.stdout += b.toString();
      this.check?.();
    });
    this.proc.stderr?.on('data', (b: Buffer) => {
      this.reply.stderr += b.toString();
      this.check?.();
    });
  }

  /** Writes `input` and resolves with what came back once `done` says the answer is complete. */
  request(input: string, done: (reply: SessionReply) => boolean, timeoutMs = 2000): Promise<SessionReply> {
    const next = this.queue.then(() => this.once(input, done, timeoutMs));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private once(input: string, done: (reply: SessionReply) => boolean, timeoutMs: number): Promise<SessionReply> {
    this.reply = { stdout: '', stderr: '' };
    return new Promise<SessionReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.check = undefined;
        reject(new Error(`${this.command}: no complete answer within ${timeoutMs} ms to ${JSON.stringify(input.trim())}${this.reply.stderr ? `: ${this.reply.stderr.trim()}` : ''}`));
      }, timeoutMs);
      this.check = () => {
        if (!done(this.reply)) return;
        clearTimeout(timer);
        this.check = undefined;
        resolve(this.reply);
      };
      this.proc.stdin?.write(input);
    });
  }

  /** Ends the process. */
  async close(): Promise<void> {
    this.proc.stdin?.end();
    await this.proc;
  }
}
