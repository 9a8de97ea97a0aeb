import { expect } from 'chai';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { startApplication } from '../../../agent/service/apps/create-app.js';
import { startServer } from '../../../agent/service/server.js';
import { exchange } from './exchange.js';

const SERVE = fileURLToPath(new URL('../../../agent/service/serve.js', import.meta.url));

describe('service: TCP server', function () {
  this.timeout(5000);

  it('echoes a client stream, then closes its side after the client half-closes', async function () {
    const server = await startServer({ app: await startApplication({ app: 'echo' }, () => {}), host: '127.0.0.1', port: 0 });
    try {
      const data = Buffer.alloc(3 * 1024 * 1024, 'x');
      data.write('head', 0);
      expect((await exchange(server.port, data)).equals(data)).to.equal(true);
      // A fresh app per connection: a second client gets only its own bytes.
      expect((await exchange(server.port, Buffer.from('second'))).toString()).to.equal('second');
    } finally {
      await server.close();
    }
  });

  it('serve.js logs one line when listening and exits 0 on SIGTERM, closing open connections', async function () {
    const child = spawn(process.execPath, [SERVE, '--app', 'echo', '--port', '0', '--host', '127.0.0.1'], { stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      let err = '';
      const port = await new Promise<number>((resolve) => {
        child.stderr.on('data', (d: Buffer) => {
          err += d.toString();
          const m = /^hatcp-serve: echo listening on 127\.0\.0\.1:(\d+) \(pid \d+\)\n/.exec(err);
          if (m) resolve(Number(m[1]));
        });
      });
      const client = net.connect({ port, host: '127.0.0.1' });
      await once(client, 'connect');
      const ended = once(client, 'end');
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).to.equal(0);
      await ended; // the server sent FIN, not RST
      client.destroy();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('serve.js exits 2 with the usage on a bad argument', async function () {
    const child = spawn(process.execPath, [SERVE, '--app', 'nope', '--port', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).to.equal(2);
    expect(err).to.match(/serve: --app "nope" is not an application hatcp serves[^]*fix: usage:/);
  });
});
