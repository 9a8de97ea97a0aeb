/**
 * The witness's capture: tcpdump on one interface writing pcap to a pipe, read as it comes
 * (PcapReader → decodeTcp) and handed over one TCP segment at a time. tcpdump's own counters are
 * read from its stderr: on SIGUSR1 it prints one line, on SIGTERM three lines before it exits.
 */
import { execa, type Result, type ResultPromise } from 'execa';
import { decodeTcp, PcapReader, udpPayload } from './pcap.js';
import type { Segment } from './tcp-tracker.js';

/** tcpdump's counters (pcap_stats plus the packets it wrote), cumulative since it started. */
export interface CaptureCounters {
  captured: number;
  receivedByFilter: number;
  droppedByKernel: number;
}

export interface CaptureOptions {
  ifname: string;
  /** BPF filter (see selector.ts); empty captures everything. */
  filter: string;
  onSegment: (s: Segment) => void;
  /** The witness's marker datagrams (see selector.ts), handed over with their payload; the filter must let them in. */
  marker?: { ip: string; port: number; onMarker: (payload: Uint8Array) => void };
  /** tcpdump died on its own, its output was not pcap, or onSegment threw. Without it, stop() rejects with the first such error. */
  onError?: (e: Error) => void;
  /** Kernel capture buffer, tcpdump -B (KiB; default 8192). */
  bufferKiB?: number;
  /** The tcpdump binary (default 'tcpdump', from PATH). */
  tcpdump?: string;
}

const START_TIMEOUT_MS = 10_000;
const STATS_TIMEOUT_MS = 2_000;
/** Enough of tcpdump's stderr to explain a failure; it only ever prints a few lines. */
const STDERR_KEEP = 64 * 1024;
/** The SIGUSR1 form, on one line (an `, N packets dropped by interface` may follow). */
const STATS_LINE = /(\d+) packets? captured, (\d+) packets? received by filter, (\d+) packets? dropped by kernel/;
/** The form it prints on its way out, one counter a line. */
const FINAL_LINES = /^(\d+) packets? captured\n(\d+) packets? received by filter\n(\d+) packets? dropped by kernel$/m;

const counters = (m: RegExpExecArray): CaptureCounters => ({ captured: Number(m[1]), receivedByFilter: Number(m[2]), droppedByKernel: Number(m[3]) });

interface StatsWaiter {
  resolve: (c: CaptureCounters) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/** A running tcpdump feeding `onSegment`; `start()` resolves once it is listening. */
export class Capture {
  private readonly reader = new PcapReader();
  private stderr = '';
  private partialLine = '';
  private last: CaptureCounters | undefined;
  /** Answered by the next counters line; a signal for them is already on its way. */
  private inflight: StatsWaiter[] = [];
  /** Waiting for a signal of their own, sent once the inflight ones are answered. */
  private queued: StatsWaiter[] = [];
  private exited: Result | undefined;
  private stopping: Promise<CaptureCounters> | undefined;
  private firstError: Error | undefined;
  private failed = false;
  private readonly exit: Promise<void>;
  private readonly listening: Promise<void>;
  private onListening: () => void = () => undefined;
  private isListening = false;

  private constructor(private readonly proc: ResultPromise, private readonly o: CaptureOptions, private readonly args: string[]) {
    this.listening = new Promise<void>((resolve) => (this.onListening = resolve));
    proc.stdout?.on('data', (chunk: Buffer) => this.onStdout(chunk));
    proc.stderr?.on('data', (chunk: Buffer) => this.onStderr(chunk.toString()));
    this.exit = proc.then((r) => this.onExit(r));
  }

  /** Starts tcpdump on `o.ifname` with `o.filter`; rejects with why it could not listen (and what to do). */
  static async start(o: CaptureOptions): Promise<Capture> {
    const bufferKiB = o.bufferKiB ?? 8192;
    if (!o.ifname || o.ifname.startsWith('-')) throw new Error(`capture: ifname ${JSON.stringify(o.ifname)} is not an interface name`);
    if (!Number.isInteger(bufferKiB) || bufferKiB < 1) throw new Error(`capture on ${o.ifname}: bufferKiB ${bufferKiB} is not a positive integer (KiB, tcpdump -B)`);
    const args = ['-i', o.ifname, '-n', '-U', '-w', '-', '--immediate-mode', '-s', '0', '-B', String(bufferKiB), ...(o.filter ? [o.filter] : [])];
    const proc = execa(o.tcpdump ?? 'tcpdump', args, { reject: false, stdin: 'ignore', buffer: false });
    const capture = new Capture(proc, o, args);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), START_TIMEOUT_MS)));
    const first = await Promise.race([capture.listening.then(() => 'listening' as const), capture.exit.then(() => 'exited' as const), timeout]);
    clearTimeout(timer);
    if (first === 'listening') return capture;
    if (first === 'timeout') {
      proc.kill('SIGKILL');
      await capture.exit;
      throw new Error(`capture on ${o.ifname}: tcpdump did not say it was listening within ${START_TIMEOUT_MS} ms${capture.stderrText()}\ncommand: ${capture.command()}`);
    }
    throw capture.startFailure(capture.exited!);
  }

  /** tcpdump's counters now (it prints them on SIGUSR1). */
  stats(): Promise<CaptureCounters> {
    if (this.exited || this.stopping) return this.stop();
    return new Promise<CaptureCounters>((resolve, reject) => {
      const waiter: StatsWaiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.inflight = this.inflight.filter((w) => w !== waiter);
          this.queued = this.queued.filter((w) => w !== waiter);
          reject(new Error(`capture on ${this.o.ifname}: tcpdump printed no counters within ${STATS_TIMEOUT_MS} ms of SIGUSR1${this.stderrText()}`));
        }, STATS_TIMEOUT_MS),
      };
      this.queued.push(waiter);
      this.signalQueued();
    });
  }

  /** Ends tcpdump (SIGTERM), waits until every captured segment was handed over, and returns its final counters. */
  stop(): Promise<CaptureCounters> {
    this.stopping ??= (async () => {
      if (!this.exited) this.proc.kill('SIGTERM');
      await this.exit;
      if (this.firstError && !this.o.onError) throw this.firstError;
      const final = FINAL_LINES.exec(this.stderr);
      if (final) return counters(final);
      if (this.last) return this.last;
      throw new Error(`capture on ${this.o.ifname}: tcpdump exited without printing its counters${this.stderrText()}`);
    })();
    return this.stopping;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  private onStdout(chunk: Buffer): void {
    if (this.failed) return;
    let records;
    try {
      records = this.reader.push(chunk);
    } catch (e) {
      // The stream cannot be resynchronised: end tcpdump rather than feed garbage on.
      this.failed = true;
      this.report(new Error(`capture on ${this.o.ifname}: tcpdump's output is not a pcap stream: ${(e as Error).message}`));
      this.proc.kill('SIGTERM');
      return;
    }
    for (const record of records) {
      const segment = decodeTcp(record);
      if (!segment) {
        const m = this.o.marker;
        const payload = m && udpPayload(record, m.ip, m.port);
        if (payload) m.onMarker(payload);
        continue;
      }
      try {
        this.o.onSegment(segment);
      } catch (e) {
        this.report(e instanceof Error ? e : new Error(String(e)));
      }
    }
  }

  private onStderr(text: string): void {
    this.stderr = (this.stderr + text).slice(-STDERR_KEEP);
    const lines = (this.partialLine + text).split('\n');
    this.partialLine = lines.pop()!;
    for (const line of lines) {
      if (!this.isListening && line.includes('listening on')) {
        this.isListening = true;
        this.onListening();
      }
      const m = STATS_LINE.exec(line);
      if (m) this.onCounters(counters(m));
    }
  }

  private onCounters(c: CaptureCounters): void {
    this.last = c;
    for (const w of this.inflight) {
      clearTimeout(w.timer);
      w.resolve(c);
    }
    this.inflight = [];
    this.signalQueued();
  }

  /** Signals for the queued waiters unless an answer is still due: tcpdump folds signals that arrive while it writes a packet into one line. */
  private signalQueued(): void {
    if (this.inflight.length > 0 || this.queued.length === 0) return;
    this.inflight = this.queued;
    this.queued = [];
    this.proc.kill('SIGUSR1');
  }

  private onExit(r: Result): void {
    this.exited = r;
    const waiters = [...this.inflight, ...this.queued];
    this.inflight = [];
    this.queued = [];
    const final = FINAL_LINES.exec(this.stderr);
    for (const w of waiters) {
      clearTimeout(w.timer);
      if (final) w.resolve(counters(final));
      else w.reject(new Error(`capture on ${this.o.ifname}: tcpdump exited before printing counters${this.stderrText()}`));
    }
    // Died on its own after it was listening: the witness is blind from now on.
    if (this.isListening && !this.stopping) {
      this.report(new Error(`capture on ${this.o.ifname}: tcpdump exited unexpectedly (${r.signal ? `signal ${r.signal}` : `exit code ${String(r.exitCode)}`})${this.stderrText()}\ncommand: ${this.command()}`));
    }
  }

  private report(e: Error): void {
    if (this.o.onError) this.o.onError(e);
    else this.firstError ??= e;
  }

  /** Why tcpdump could not start, naming what to fix. */
  private startFailure(r: Result): Error {
    const bin = this.o.tcpdump ?? 'tcpdump';
    const said = this.stderr;
    const tail = `${this.stderrText()}\ncommand: ${this.command()}`;
    if (r.code === 'ENOENT') return new Error(`capture on ${this.o.ifname}: ${bin} not found: install it (apt-get install -y tcpdump) or pass its path as the tcpdump option${tail}`);
    if (r.code === 'EACCES') return new Error(`capture on ${this.o.ifname}: ${bin} is not executable: check its permissions${tail}`);
    if (/no such device|doesn't exist|SIOCGIFHWADDR|invalid adapter index/i.test(said)) return new Error(`capture on ${this.o.ifname}: there is no interface "${this.o.ifname}" here: check the name (ip link)${tail}`);
    if (/filter|syntax error|parse/i.test(said)) return new Error(`capture on ${this.o.ifname}: tcpdump refused the filter ${JSON.stringify(this.o.filter)}: fix it (see man pcap-filter)${tail}`);
    if (/permission|not permitted/i.test(said)) return new Error(`capture on ${this.o.ifname}: not allowed to capture: run as root or with CAP_NET_RAW and CAP_NET_ADMIN${tail}`);
    const how = r.signal ? `was killed by ${r.signal}` : r.exitCode !== undefined ? `exited with code ${r.exitCode}` : `failed: ${r.shortMessage ?? ''}`;
    return new Error(`capture on ${this.o.ifname}: tcpdump ${how} before listening${tail}`);
  }

  /** tcpdump's stderr, indented under a heading; empty when it said nothing. */
  private stderrText(): string {
    const said = this.stderr.trim();
    return said ? `\ntcpdump said:\n  ${said.split('\n').join('\n  ')}` : '';
  }

  /** The command line, quoted for a shell, to run it by hand. */
  private command(): string {
    return [this.o.tcpdump ?? 'tcpdump', ...this.args].map((a) => (/^[\w./=:-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
  }
}
