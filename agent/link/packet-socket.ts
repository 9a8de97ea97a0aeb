/**
 * A raw packet socket on one interface, through koffi, for sending whole Ethernet frames (the
 * gratuitous ARP of a takeover): one sendto from the agent's own thread, where starting `arping`
 * spawns a process (the event loop blocked ~5 ms per spawn, more on a loaded host) at the moment
 * the client is waiting. Needs CAP_NET_RAW.
 */
import { errnoName, libc } from '../sys/libc.js';
import { BROADCAST, ETH_P_ARP } from './garp-frame.js';

const AF_PACKET = 17;
const SOCK_RAW = 3;
const SOCK_CLOEXEC = 0o2000000;

export class PacketSocket {
  private fd: number;
  /** struct sockaddr_ll: where each frame goes (the interface, ARP, broadcast). */
  private readonly to = Buffer.alloc(20);

  /** Throws when the interface is unknown or the socket cannot be opened. */
  constructor(readonly ifname: string) {
    const index = libc().if_nametoindex(ifname);
    if (index === 0) throw new Error(`no interface ${ifname}: ${errnoName()}`);
    // Protocol 0: this socket only sends, it receives nothing.
    this.fd = libc().socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
    if (this.fd < 0) {
      const name = errnoName();
      throw new Error(`packet socket on ${ifname}: ${name}${name === 'EPERM' ? ' (needs CAP_NET_RAW)' : ''}`);
    }
    this.to.writeUInt16LE(AF_PACKET, 0);
    this.to.writeUInt16BE(ETH_P_ARP, 2);
    this.to.writeInt32LE(index, 4);
    this.to.writeUInt8(6, 11); // sll_halen
    BROADCAST.copy(this.to, 12);
  }

  /** Sends one whole frame; returns undefined, or what went wrong. */
  send(frame: Buffer): string | undefined {
    if (this.fd < 0) return 'the socket is closed';
    const n = libc().sendto(this.fd, frame, frame.length, 0, this.to, this.to.length);
    if (n < 0) return `sendto on ${this.ifname}: ${errnoName()}`;
    return n === frame.length ? undefined : `sendto on ${this.ifname}: ${n} of ${frame.length} bytes sent`;
  }

  close(): void {
    if (this.fd >= 0) libc().close(this.fd);
    this.fd = -1;
  }
}
