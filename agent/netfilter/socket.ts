/**
 * A netfilter netlink socket in this node's network namespace, through koffi: a set change is one
 * sendto and one recv from the agent's own thread, some tens of µs, where a request to `nft -i`
 * waits for another process to be scheduled (milliseconds on a busy host, at the moment a
 * takeover's unlock is on the client's critical path). Needs CAP_NET_ADMIN.
 */
import koffi from 'koffi';
import { constants as osConstants } from 'node:os';
import { parseAcks, setElementsBatch, type SetElementsChange } from './set-batch.js';

const AF_NETLINK = 16;
const SOCK_RAW = 3;
const SOCK_CLOEXEC = 0o2000000;
const NETLINK_NETFILTER = 12;
const MSG_DONTWAIT = 0x40;
const EAGAIN = 11;

interface Libc {
  socket(domain: number, type: number, protocol: number): number;
  sendto(fd: number, buf: Buffer, len: number, flags: number, addr: Buffer, addrLen: number): number;
  recv(fd: number, buf: Buffer, len: number, flags: number): number;
  close(fd: number): number;
}

let libc: Libc | undefined;

function lib(): Libc {
  if (libc) return libc;
  const c = koffi.load('libc.so.6');
  libc = {
    socket: c.func('int socket(int, int, int)'),
    sendto: c.func('long sendto(int, const void *, size_t, int, const void *, uint32_t)'),
    recv: c.func('long recv(int, _Out_ void *, size_t, int)'),
    close: c.func('int close(int)'),
  } as Libc;
  return libc;
}

const errnoName = (n: number): string => Object.entries(osConstants.errno).find(([, v]) => v === n)?.[0] ?? `errno ${n}`;

/** struct sockaddr_nl of the kernel (pid 0, no groups). */
const KERNEL = (() => {
  const b = Buffer.alloc(12);
  b.writeUInt16LE(AF_NETLINK, 0);
  return b;
})();

export class NetfilterSocket {
  private fd: number;
  private seq = Math.floor(Math.random() * 0x7fffffff);
  private readonly reply = Buffer.alloc(8192);

  /** Throws when the socket cannot be opened (no koffi, no netlink). */
  constructor() {
    this.fd = lib().socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
    if (this.fd < 0) throw new Error(`netfilter netlink socket: ${errnoName(koffi.errno())}`);
  }

  /**
   * Applies `change` as one transaction. Returns undefined when the kernel acknowledged it,
   * or what went wrong (ENOENT: no such table, set or element; EPERM: no CAP_NET_ADMIN).
   */
  change(change: SetElementsChange): string | undefined {
    if (this.fd < 0) return 'the socket is closed';
    const seq = (this.seq = (this.seq + 3) & 0x7fffffff);
    const batch = setElementsBatch(change, seq);
    if (lib().sendto(this.fd, batch, batch.length, 0, KERNEL, KERNEL.length) < 0) return `sendto: ${errnoName(koffi.errno())}`;
    // The kernel runs the batch within sendto: its answer is queued by now. Older answers (a
    // previous call that gave up) are read past.
    for (let attempt = 0; attempt < 64; attempt++) {
      const n = lib().recv(this.fd, this.reply, this.reply.length, MSG_DONTWAIT);
      if (n < 0) {
        const e = koffi.errno();
        return e === EAGAIN ? 'no answer from the kernel' : `recv: ${errnoName(e)}`;
      }
      let acks;
      try {
        acks = parseAcks(this.reply.subarray(0, n));
      } catch (error) {
        return (error as Error).message;
      }
      const ack = acks.find((a) => a.seq === seq + 1);
      if (ack) return ack.error === 0 ? undefined : errnoName(-ack.error);
    }
    return 'no answer to this change among the kernel\'s messages';
  }

  close(): void {
    if (this.fd >= 0) lib().close(this.fd);
    this.fd = -1;
  }
}
