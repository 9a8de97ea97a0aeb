import { createRequire } from 'node:module';

/** Result of trying `setsockopt(TCP_REPAIR, 1)` on a fresh TCP socket in this process's namespace. */
export interface TcpRepairProbe {
  allowed: boolean;
  detail: string;
}

const SOL_TCP = 6;
const TCP_REPAIR = 19;
const EPERM = 1;

/** Checks that this process may put a socket in repair mode (needs CAP_NET_ADMIN). */
export function probeTcpRepair(): TcpRepairProbe {
  let koffi: typeof import('koffi');
  try {
    koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
  } catch (error) {
    return { allowed: false, detail: `koffi (FFI) not loadable: ${(error as Error).message}` };
  }
  const libc = koffi.load('libc.so.6');
  const socket = libc.func('int socket(int, int, int)');
  const setsockopt = libc.func('int setsockopt(int, int, int, _In_ void *, uint32_t)');
  const close = libc.func('int close(int)');
  const fd = socket(2, 1, 0) as number;
  if (fd < 0) return { allowed: false, detail: `socket() failed, errno ${koffi.errno()}` };
  try {
    const on = Buffer.alloc(4);
    on.writeInt32LE(1);
    if ((setsockopt(fd, SOL_TCP, TCP_REPAIR, on, 4) as number) === 0) return { allowed: true, detail: 'setsockopt(TCP_REPAIR) accepted' };
    const errno = koffi.errno();
    return { allowed: false, detail: errno === EPERM ? 'EPERM: the process lacks CAP_NET_ADMIN' : `errno ${errno}` };
  } finally {
    close(fd);
  }
}
