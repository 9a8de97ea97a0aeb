import { once } from 'node:events';
import net from 'node:net';

/** Sends `data` to 127.0.0.1:port, half-closes, and collects everything until the server closes too. */
export async function exchange(port: number, data: Buffer): Promise<Buffer> {
  const socket = net.connect({ port, host: '127.0.0.1' });
  await once(socket, 'connect');
  const chunks: Buffer[] = [];
  socket.on('data', (d: Buffer) => chunks.push(d));
  socket.end(data);
  await once(socket, 'close');
  return Buffer.concat(chunks);
}
