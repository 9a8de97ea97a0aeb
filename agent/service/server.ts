import net from 'node:net';
import type { App, Application } from './app.js';

/** A listening application server. */
export interface RunningServer {
  host: string;
  /** The bound port (the OS's choice when asked for 0). */
  port: number;
  /** Stops accepting, ends every connection (destroying those that linger), resolves when all are gone. */
  close(): Promise<void>;
  /**
   * Serves a connection that did not come through accept — one rebuilt by TCP repair — with an
   * application instance already brought up to date; `pending` is its output still owed to the client.
   */
  adopt(socket: net.Socket, app: App, pending: Buffer[]): void;
  /** A fresh instance of the application, for a connection to be adopted. */
  newApp(): App;
  /** The connections being served. */
  readonly sockets: ReadonlySet<net.Socket>;
}

/** How long `close` lets connections finish after our FIN before destroying them. */
const CLOSE_GRACE_MS = 500;

/**
 * Serves `app` on host:port: each connection gets a fresh App instance; its output is written
 * back with backpressure (reading pauses while the client is not taking the output). When the
 * client half-closes, the app's last output is sent and the server closes its side too (an app
 * run as another program: when that program ends its output).
 */
export function startServer(o: { app: Application; host: string; port: number; log?: (line: string) => void }): Promise<RunningServer> {
  const sockets = new Set<net.Socket>();
  const serve = (socket: net.Socket, app: App, pending: Buffer[]): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    serveConnection(socket, app, o.app.label, pending, o.log);
  };
  const server = net.createServer({ allowHalfOpen: true }, (socket) => serve(socket, o.app.create(), []));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.removeListener('error', reject);
      const port = (server.address() as net.AddressInfo).port;
      resolve({ host: o.host, port, close: () => closeServer(server, sockets), adopt: serve, newApp: () => o.app.create(), sockets });
    });
  });
}

function serveConnection(socket: net.Socket, app: App, name: string, pending: Buffer[], log?: (line: string) => void): void {
  const peer = `${socket.remoteAddress}:${socket.remotePort}`;
  socket.setNoDelay(true);
  socket.setKeepAlive(false);
  const send = (out: Buffer[]): void => {
    let full = false;
    for (const b of out) full = !socket.write(b) || full;
    if (full) {
      socket.pause();
      socket.once('drain', () => socket.resume());
    }
  };
  if (pending.length > 0) send(pending);
  const later = app.later;
  if (later) {
    let draining = false;
    later.attach({
      data: (chunk) => {
        if (socket.write(chunk) || draining) return;
        draining = true;
        later.pause();
        socket.once('drain', () => {
          draining = false;
          later.resume();
        });
      },
      end: () => socket.end(),
      error: (err) => {
        log?.(`${name}: connection from ${peer}: ${err.message}`);
        socket.destroy();
      },
    });
    socket.once('close', () => later.destroy());
  }
  socket.on('data', (chunk: Buffer) => send(app.onData(chunk)));
  socket.on('end', () => {
    send(app.onEnd());
    if (!later) socket.end();
  });
  socket.on('error', (err) => {
    log?.(`${name}: connection from ${peer}: ${err.message}`);
    socket.destroy();
  });
}

async function closeServer(server: net.Server, sockets: Set<net.Socket>): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const s of sockets) s.end();
  const timer = setTimeout(() => {
    for (const s of sockets) s.destroy();
  }, CLOSE_GRACE_MS);
  await closed;
  clearTimeout(timer);
}
