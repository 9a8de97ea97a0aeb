/**
 * Linux TCP repair mode (tcp(7) TCP_REPAIR, as CRIU's libsoccr uses it) through koffi: rebuild a
 * connected TCP endpoint from numbers — no SYN, no handshake — and freeze or close one without a
 * packet leaving. Needs CAP_NET_ADMIN in the socket's network namespace. Every libc call is
 * checked; a failure says which step and errno, and the half-built socket is closed silently.
 */
import { errnoName, libc } from '../sys/libc.js';
import type { Endpoint } from '../witness/tcp-tracker.js';

const AF_INET = 2;
const SOCK_STREAM = 1;
const SOL_SOCKET = 1;
const SO_REUSEADDR = 2;
const SOL_TCP = 6;
const TCP_INFO = 11;
const TCP_REPAIR = 19;
const TCP_REPAIR_QUEUE = 20;
const TCP_QUEUE_SEQ = 21;
const TCP_REPAIR_OPTIONS = 22;
const TCP_TIMESTAMP = 24;
const TCP_REPAIR_WINDOW = 29;
const TCP_REPAIR_OFF = 0;
/** Leave repair mode without the window probe. */
const TCP_REPAIR_OFF_NO_WP = -1;
const TCP_NO_QUEUE = 0;
const TCP_RECV_QUEUE = 1;
const TCP_SEND_QUEUE = 2;
const TCPOPT_MSS = 2;
const TCPOPT_WINDOW = 3;
const TCPOPT_SACK_PERM = 4;
const TCPOPT_TIMESTAMP = 8;

/** The peer's window as the kernel keeps it (struct tcp_repair_window). */
export interface RepairWindow {
  sndWl1: number;
  sndWnd: number;
  maxWindow: number;
  rcvWnd: number;
  rcvWup: number;
}

/** Everything needed to rebuild the server's end of a connection. */
export interface RepairPlan {
  local: Endpoint;
  remote: Endpoint;
  /** Sequence number of the next byte this end sends (the peer's latest acknowledgment). */
  sendSeq: number;
  /** Sequence number of the next byte expected from the peer. */
  recvSeq: number;
  /** The MSS the peer announced (what this end may send). */
  mss: number;
  /** Window scale shifts: the peer's (applied to its windows) and this end's; absent when not negotiated. */
  wscale?: { snd: number; rcv: number };
  sack: boolean;
  /** The TSval this end sends next, when timestamps were negotiated. */
  tsVal?: number;
  window: RepairWindow;
}

/** Loads libc's functions now (koffi binds them lazily), so that the first restore does not pay for it. */
export function loadRepair(): void {
  libc();
}

export class RepairError extends Error {
  constructor(step: string, readonly code: string) {
    super(`TCP repair: ${step} failed: ${code}${code === 'EPERM' ? ' (TCP_REPAIR needs CAP_NET_ADMIN in this network namespace)' : ''}`);
    this.name = 'RepairError';
  }
}

function check(result: number, step: string): number {
  if (result < 0) throw new RepairError(step, errnoName());
  return result;
}

function u32s(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => b.writeUInt32LE(v >>> 0, i * 4));
  return b;
}

function setInt(fd: number, level: number, name: number, value: number, step: string): void {
  const b = Buffer.alloc(4);
  b.writeInt32LE(value);
  check(libc().setsockopt(fd, level, name, b, 4), step);
}

function getInt(fd: number, level: number, name: number, step: string): number {
  const b = Buffer.alloc(4);
  check(libc().getsockopt(fd, level, name, b, [4]), step);
  return b.readUInt32LE(0);
}

function sockaddr(e: Endpoint): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt16LE(AF_INET, 0);
  b.writeUInt16BE(e.port, 2);
  e.ip.split('.').forEach((octet, i) => b.writeUInt8(Number(octet), 4 + i));
  return b;
}

/**
 * Builds a connected socket from a plan and returns its file descriptor, ready for
 * `new net.Socket({ fd })`. The order is the kernel's: sequence numbers before connect, options,
 * timestamp and window after, repair off last. Leaving repair mode sends a window probe (the peer
 * answers with an ACK and learns the endpoint is alive) unless `probe` is false: then nothing is
 * sent until `probe(fd)` or the first write — for a caller that still drops the peer's answers.
 */
export function restoreSocket(plan: RepairPlan, probe = true): number {
  const c = libc();
  const fd = check(c.socket(AF_INET, SOCK_STREAM, 0), 'socket');
  try {
    // SO_REUSEADDR first: it sets sk_reuse, which TCP_REPAIR then raises to "force" so that bind
    // succeeds beside the service's listening socket on the same port (the other order fails: EADDRINUSE).
    setInt(fd, SOL_SOCKET, SO_REUSEADDR, 1, 'SO_REUSEADDR');
    setInt(fd, SOL_TCP, TCP_REPAIR, 1, 'TCP_REPAIR on');
    setInt(fd, SOL_TCP, TCP_REPAIR_QUEUE, TCP_SEND_QUEUE, 'TCP_REPAIR_QUEUE send');
    setInt(fd, SOL_TCP, TCP_QUEUE_SEQ, plan.sendSeq | 0, 'TCP_QUEUE_SEQ send');
    setInt(fd, SOL_TCP, TCP_REPAIR_QUEUE, TCP_RECV_QUEUE, 'TCP_REPAIR_QUEUE receive');
    setInt(fd, SOL_TCP, TCP_QUEUE_SEQ, plan.recvSeq | 0, 'TCP_QUEUE_SEQ receive');
    check(c.bind(fd, sockaddr(plan.local), 16), `bind ${plan.local.ip}:${plan.local.port}`);
    check(c.connect(fd, sockaddr(plan.remote), 16), `connect ${plan.remote.ip}:${plan.remote.port}`);
    const opts = [TCPOPT_MSS, plan.mss];
    if (plan.wscale) opts.push(TCPOPT_WINDOW, plan.wscale.snd | (plan.wscale.rcv << 16));
    if (plan.sack) opts.push(TCPOPT_SACK_PERM, 0);
    if (plan.tsVal !== undefined) opts.push(TCPOPT_TIMESTAMP, 0);
    check(c.setsockopt(fd, SOL_TCP, TCP_REPAIR_OPTIONS, u32s(...opts), opts.length * 4), 'TCP_REPAIR_OPTIONS');
    if (plan.tsVal !== undefined) check(c.setsockopt(fd, SOL_TCP, TCP_TIMESTAMP, u32s(plan.tsVal), 4), 'TCP_TIMESTAMP');
    const w = plan.window;
    check(c.setsockopt(fd, SOL_TCP, TCP_REPAIR_WINDOW, u32s(w.sndWl1, w.sndWnd, w.maxWindow, w.rcvWnd, w.rcvWup), 20), 'TCP_REPAIR_WINDOW');
    setInt(fd, SOL_TCP, TCP_REPAIR_QUEUE, TCP_NO_QUEUE, 'TCP_REPAIR_QUEUE none');
    setInt(fd, SOL_TCP, TCP_REPAIR, probe ? TCP_REPAIR_OFF : TCP_REPAIR_OFF_NO_WP, 'TCP_REPAIR off');
    return fd;
  } catch (error) {
    // Still in repair mode unless the very last step failed: close sends nothing.
    c.close(fd);
    throw error;
  }
}

/** Makes a restored, established socket send a window probe now (repair mode on, then off). */
export function probe(fd: number): void {
  setInt(fd, SOL_TCP, TCP_REPAIR, 1, 'TCP_REPAIR on (probe)');
  setInt(fd, SOL_TCP, TCP_REPAIR, TCP_REPAIR_OFF, 'TCP_REPAIR off (probe)');
}

/** A frozen endpoint's numbers, read in repair mode: a plan without its addresses. */
export type Dump = Omit<RepairPlan, 'local' | 'remote'>;

/**
 * Puts a live socket into repair mode: from now on the kernel sends nothing for it (no
 * retransmission, no ACK, no FIN or RST when it is closed). Used to fence a connection whose
 * address now belongs to another node, and to freeze one before dumping it.
 */
export function freeze(fd: number): void {
  setInt(fd, SOL_TCP, TCP_REPAIR, 1, 'TCP_REPAIR on');
}

/** Reads a frozen socket's state. Queued bytes are not read: callers dump only idle sockets. */
export function dumpFrozen(fd: number): Dump {
  const c = libc();
  setInt(fd, SOL_TCP, TCP_REPAIR_QUEUE, TCP_SEND_QUEUE, 'TCP_REPAIR_QUEUE send');
  const sendSeq = getInt(fd, SOL_TCP, TCP_QUEUE_SEQ, 'TCP_QUEUE_SEQ send');
  setInt(fd, SOL_TCP, TCP_REPAIR_QUEUE, TCP_RECV_QUEUE, 'TCP_REPAIR_QUEUE receive');
  const recvSeq = getInt(fd, SOL_TCP, TCP_QUEUE_SEQ, 'TCP_QUEUE_SEQ receive');
  setInt(fd, SOL_TCP, TCP_REPAIR_QUEUE, TCP_NO_QUEUE, 'TCP_REPAIR_QUEUE none');
  const info = Buffer.alloc(232);
  check(c.getsockopt(fd, SOL_TCP, TCP_INFO, info, [info.length]), 'TCP_INFO');
  // struct tcp_info: tcpi_options at 5 (1 timestamps, 2 SACK, 4 window scale), snd_wscale:4 | rcv_wscale:4 at 6, tcpi_snd_mss at 16.
  const options = info.readUInt8(5);
  const scales = info.readUInt8(6);
  const mss = info.readUInt32LE(16);
  const tsVal = options & 1 ? getInt(fd, SOL_TCP, TCP_TIMESTAMP, 'TCP_TIMESTAMP') : undefined;
  const w = Buffer.alloc(20);
  check(c.getsockopt(fd, SOL_TCP, TCP_REPAIR_WINDOW, w, [20]), 'TCP_REPAIR_WINDOW');
  return {
    sendSeq,
    recvSeq,
    mss,
    ...(options & 4 ? { wscale: { snd: scales & 0x0f, rcv: scales >> 4 } } : {}),
    sack: (options & 2) !== 0,
    ...(tsVal !== undefined ? { tsVal } : {}),
    window: { sndWl1: w.readUInt32LE(0), sndWnd: w.readUInt32LE(4), maxWindow: w.readUInt32LE(8), rcvWnd: w.readUInt32LE(12), rcvWup: w.readUInt32LE(16) },
  };
}

/** The file descriptor under a connected node:net socket (libuv's; Linux only). */
export function socketFd(socket: unknown): number {
  const fd = (socket as { _handle?: { fd?: number } })._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) throw new Error('TCP repair: the socket has no file descriptor (not connected, or already closed)');
  return fd;
}
