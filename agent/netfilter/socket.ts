/**
 * A netfilter netlink socket in this node's network namespace, through koffi: a set change is one
 * sendto and one recv from the agent's own thread, some tens of µs, where a request to `nft -i`
 * waits for another process to be scheduled (milliseconds on a busy host, at the moment a
 * takeover's unlock is on the client's critical path). Needs CAP_NET_ADMIN.
 */
import { errno, errnoName, libc } from '../sys/libc.js';
import { parseAcks, setElementsBatch, type SetElementsChange } from './set-batch.js';

const AF_NETLINK = 16;
const SOCK_RAW = 3;
const SOCK_CLOEXEC = 0o2000000;
const NETLINK_NETFILTER = 12;
const MSG_DONTWAIT = 0x40;
const EAGAIN = 11;

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
    this.fd = libc().socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
    if (this.fd < 0) throw new Error(`netfilter netlink socket: ${errnoName()}`);
  }

  /**
   * Applies `change` as one transaction. Returns undefined when the kernel acknowledged it,
   * or what went wrong (ENOENT: no such table, set or element; EPERM: no CAP_NET_ADMIN).
   */
  change(change: SetElementsChange): string | undefined {
    if (this.fd < 0) return 'the socket is closed';
    const seq = (this.seq = (this.seq + 3) & 0x7fffffff);
    const batch = setElementsBatch(change, seq);
    if (libc().sendto(this.fd, batch, batch.length, 0, KERNEL, KERNEL.length) < 0) return `sendto: ${errnoName()}`;
    // The kernel runs the batch within sendto: its answer is queued by now. Older answers (a
    // previous call that gave up) are read past.
    for (let attempt = 0; attempt < 64; attempt++) {
      const n = libc().recv(this.fd, this.reply, this.reply.length, MSG_DONTWAIT);
      if (n < 0) {
        const e = errno();
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
    if (this.fd >= 0) libc().close(this.fd);
    this.fd = -1;
  }
}
