import { expect } from 'chai';
import net from 'node:net';
import { dumpFrozen, freeze, RepairError, restoreSocket, socketFd } from '../../../agent/takeover/repair.js';

/** Resolves with the next `n` bytes the socket delivers. */
function readBytes(socket: net.Socket, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let got = Buffer.alloc(0);
    const onData = (b: Buffer) => {
      got = Buffer.concat([got, b]);
      if (got.length < n) return;
      socket.off('data', onData);
      socket.off('error', reject);
      resolve(got);
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}

// The real kernel on the host's loopback: TCP_REPAIR needs CAP_NET_ADMIN (root; CI runs as root).
describe('TCP repair on this kernel (host loopback)', function () {
  before(function () {
    if (process.getuid?.() !== 0) this.skip(); // not root: no CAP_NET_ADMIN for TCP_REPAIR
  });

  it('moves a live connection to a new socket: the old one goes silent, the client carries on byte-exact', async function () {
    let accepted: net.Socket | undefined;
    const server = net.createServer((s) => {
      accepted = s;
      s.on('data', (b) => s.write(b));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const client = net.connect({ host: '127.0.0.1', port });
    const clientEvents: string[] = [];
    client.on('error', (e) => clientEvents.push(`error ${e.message}`));
    client.on('end', () => clientEvents.push('end'));
    try {
      await new Promise<void>((r) => client.once('connect', r));
      client.write('before the move ');
      expect((await readBytes(client, 16)).toString()).to.equal('before the move ');

      const old = accepted!;
      const fd = socketFd(old);
      freeze(fd);
      const dump = dumpFrozen(fd);
      old.destroy(); // closed in repair mode: no FIN, no RST
      await new Promise((r) => setTimeout(r, 100));
      expect(clientEvents).to.deep.equal([]);

      const local = { ip: '127.0.0.1', port };
      const remote = { ip: '127.0.0.1', port: client.localPort! };
      const restored = new net.Socket({ fd: restoreSocket({ local, remote, ...dump }), readable: true, writable: true });
      restored.on('data', (b) => restored.write(Buffer.from(b.toString().toUpperCase())));
      client.write('after the move');
      expect((await readBytes(client, 14)).toString()).to.equal('AFTER THE MOVE');
      expect(clientEvents).to.deep.equal([]);
      restored.destroy();
    } finally {
      client.destroy();
      server.close();
    }
  });

  it('a step the kernel refuses names the step and the errno, and leaves no socket bound', function () {
    const plan = {
      local: { ip: '10.255.255.1', port: 7000 }, // not an address of this host
      remote: { ip: '127.0.0.1', port: 40000 },
      sendSeq: 1,
      recvSeq: 1,
      mss: 1460,
      sack: false,
      window: { sndWl1: 1, sndWnd: 65535, maxWindow: 65535, rcvWnd: 65535, rcvWup: 1 },
    };
    expect(() => restoreSocket(plan)).to.throw(RepairError, 'TCP repair: bind 10.255.255.1:7000 failed: EADDRNOTAVAIL');
  });
});
