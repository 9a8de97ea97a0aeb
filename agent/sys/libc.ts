/**
 * The libc functions the agent calls through koffi (TCP repair, the lock's netlink socket, the
 * gratuitous ARP's packet socket), bound once, on first use. Every caller checks results itself
 * and names failures by `errnoName`.
 */
import koffi from 'koffi';
import { constants as osConstants } from 'node:os';

export interface Libc {
  socket(domain: number, type: number, protocol: number): number;
  setsockopt(fd: number, level: number, name: number, value: Buffer, len: number): number;
  getsockopt(fd: number, level: number, name: number, value: Buffer, len: number[]): number;
  bind(fd: number, addr: Buffer, len: number): number;
  connect(fd: number, addr: Buffer, len: number): number;
  sendto(fd: number, buf: Buffer, len: number, flags: number, addr: Buffer, addrLen: number): number;
  recv(fd: number, buf: Buffer, len: number, flags: number): number;
  if_nametoindex(name: string): number;
  close(fd: number): number;
}

let bound: Libc | undefined;

/** libc, bound on the first call (koffi loads lazily: call it early to keep that off a critical path). */
export function libc(): Libc {
  if (bound) return bound;
  const c = koffi.load('libc.so.6');
  bound = {
    socket: c.func('int socket(int, int, int)'),
    setsockopt: c.func('int setsockopt(int, int, int, const void *, uint32_t)'),
    getsockopt: c.func('int getsockopt(int, int, int, _Out_ void *, _Inout_ uint32_t *)'),
    bind: c.func('int bind(int, const void *, uint32_t)'),
    connect: c.func('int connect(int, const void *, uint32_t)'),
    sendto: c.func('long sendto(int, const void *, size_t, int, const void *, uint32_t)'),
    recv: c.func('long recv(int, _Out_ void *, size_t, int)'),
    if_nametoindex: c.func('unsigned int if_nametoindex(const char *)'),
    close: c.func('int close(int)'),
  } as Libc;
  return bound;
}

/** The errno of the last failed call, as its symbolic name (EPERM, EADDRINUSE…). */
export function errnoName(n = koffi.errno()): string {
  return Object.entries(osConstants.errno).find(([, v]) => v === n)?.[0] ?? `errno ${n}`;
}

/** The errno of the last failed call. */
export const errno = (): number => koffi.errno();
