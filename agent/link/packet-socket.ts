/**
 * A raw packet socket on one interface, through koffi, for sending whole Ethernet frames (the
 * gratuitous ARP of a takeover): one sendto from the agent's own thread, where starting `arping`
 * forks a process at the moment the client is waiting (and a fork of a busy Node process once
 * stalled its heartbeats long enough for a false failover). Needs CAP_NET_RAW.
 */
import koffi from 'koffi';
import { constants as osConstants } from 'node:os';
import { BROADCAST, ETH_P_ARP } from './garp-frame.js';

const AF_PACKET = 17;
const SOCK_RAW = 3;
const SOCK_CLOEXEC = 0o2000000;

interface Libc {
  socket(domain: number, type: number, protocol: number): number;
  sendto(fd: number, buf: Buffer, len: number, flags: number, addr: Buffer, addrLen: number): number;
  if_nametoindex(name: string): number;
  close(fd: number): number;
}

let libc: Libc | undefined;

function lib(): Libc {
  if (libc) return libc;
  const c = koffi.load('libc.so.6');
  libc = {
    socket: c.func('int socket(int, int, int)'),
    sendto: c.func('long sendto(int, const void *, size_t, int, const void *, uint32_t)'),
    if_nametoindex: c.func('unsigned int if_nametoindex(const char *)'),
    close: c.func('int close(int)'),
  } as Libc;
  return libc;
}

const errnoName = (): string => {
  const n = koffi.errno();
  return Object.entries(osConstants.errno).find(([, v]) => v === n)?.[0] ?? `errno ${n}`;
};

export class PacketSocket {
  private fd: number;
  /** struct sockaddr_ll: where each frame goes (the interface, ARP, broadcast). */
  private readonly to = Buffer.alloc(20);

  /** Throws when the interface is unknown or the socket cannot be opened. */
  constructor(readonly ifname: string) {
    const index = lib().if_nametoindex(ifname);
    if (index === 0) throw new Error(`no interface ${ifname}: ${errnoName()}`);
    // Protocol 0: this socket only sends, it receives nothing.
    this.fd = lib().socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
    if (this.fd < 0) throw new Error(`packet socket on ${ifname}: ${errnoName()}${koffi.errno() === osConstants.errno.EPERM ? ' (needs CAP_NET_RAW)' : ''}`);
    this.to.writeUInt16LE(AF_PACKET, 0);
    this.to.writeUInt16BE(ETH_P_ARP, 2);
    this.to.writeInt32LE(index, 4);
    this.to.writeUInt8(6, 11); // sll_halen
    BROADCAST.copy(this.to, 12);
  }

  /** Sends one whole frame; returns undefined, or what went wrong. */
  send(frame: Buffer): string | undefined {
    if (this.fd < 0) return 'the socket is closed';
    const n = lib().sendto(this.fd, frame, frame.length, 0, this.to, this.to.length);
    if (n < 0) return `sendto on ${this.ifname}: ${errnoName()}`;
    return n === frame.length ? undefined : `sendto on ${this.ifname}: ${n} of ${frame.length} bytes sent`;
  }

  close(): void {
    if (this.fd >= 0) lib().close(this.fd);
    this.fd = -1;
  }
}
