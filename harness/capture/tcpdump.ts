import { execa, type ResultPromise } from 'execa';
import { HatcpError } from '../errors/hatcp-error.js';

/** A running host-side tcpdump writing one pcap file. */
export interface Capture {
  iface: string;
  file: string;
  /** Stops it and returns its own counters (captured, dropped by kernel). */
  stop(): Promise<CaptureStats>;
}

export interface CaptureStats {
  iface: string;
  file: string;
  captured: number;
  droppedByKernel: number;
}

/** Snap length: headers plus the first bytes of payload, enough to read every hatcp message header. */
export const SNAPLEN = 256;

/**
 * Starts tcpdump on a host interface (a node's veth peer, or a bridge) in immediate mode, writing
 * `file`, and resolves once it is listening, so nothing sent after this returns is missed.
 */
export async function startCapture(iface: string, file: string, filter: string[] = []): Promise<Capture> {
  const proc: ResultPromise = execa('tcpdump', ['-i', iface, '-n', '-U', '--immediate-mode', '-s', String(SNAPLEN), '-w', file, ...filter], {
    reject: false,
    stdin: 'ignore',
    buffer: { stderr: true, stdout: false },
  });
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const onData = (b: Buffer) => {
      seen += b.toString();
      if (seen.includes('listening on')) {
        proc.stderr?.off('data', onData);
        resolve();
      }
    };
    proc.stderr?.on('data', onData);
    void proc.then((r) => reject(new HatcpError(`tcpdump on ${iface} exited before listening: ${String(r.stderr).trim()}`, { hint: 'apt-get install tcpdump; hatcp must run as root' })));
  });
  return {
    iface,
    file,
    async stop() {
      proc.kill('SIGINT');
      const r = await proc;
      const text = String(r.stderr);
      return {
        iface,
        file,
        captured: Number(/(\d+) packets? captured/.exec(text)?.[1] ?? 0),
        droppedByKernel: Number(/(\d+) packets? dropped by kernel/.exec(text)?.[1] ?? 0),
      };
    },
  };
}

/** Frames in a pcap sent from `mac` strictly after `afterMs` (host clock), as tcpdump prints them. */
export async function framesFromAfter(file: string, mac: string, afterMs: number): Promise<string[]> {
  const r = await execa('tcpdump', ['-r', file, '-n', '-tt', '-e', 'ether', 'src', mac], { reject: false });
  return String(r.stdout).split('\n').filter((line) => {
    const t = Number(line.split(' ')[0]);
    return Number.isFinite(t) && t * 1000 > afterMs;
  });
}
