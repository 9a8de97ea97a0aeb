import { expect } from 'chai';
import { once } from 'node:events';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Application } from '../../../agent/service/app.js';
import { startApplication } from '../../../agent/service/apps/create-app.js';
import { startServer, type RunningServer } from '../../../agent/service/server.js';
import { replayInto } from '../../../agent/takeover/replay.js';
import { exchange } from './exchange.js';

const SERVE = fileURLToPath(new URL('../../../agent/service/serve.js', import.meta.url));

/** A TCP port nothing listens on now. */
async function freePort(): Promise<number> {
  const probe = net.createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const text = (b: Buffer[]) => Buffer.concat(b).toString();

describe('service: exec, a program as the application (real processes on 127.0.0.1)', function () {
  this.timeout(15_000);
  let app: Application | undefined;
  let server: RunningServer | undefined;
  const log: string[] = [];
  afterEach(async function () {
    await server?.close();
    await app?.stop();
    server = app = undefined;
    log.length = 0;
  });

  it('stdin/stdout: one process per connection (cat), every byte back, closed after the client half-closes', async function () {
    app = await startApplication({ app: 'exec', exec: { command: ['cat'] } }, (l) => log.push(l));
    server = await startServer({ app, host: '127.0.0.1', port: 0 });
    const data = Buffer.alloc(2 * 1024 * 1024, 'y');
    data.write('head', 0);
    expect((await exchange(server.port, data)).equals(data)).to.equal(true);
    expect((await exchange(server.port, Buffer.from('second'))).toString()).to.equal('second');
    expect(log).to.deep.equal([]);
  });

  it('connect: a local TCP server started once, each connection proxied to it, stopped with the application', async function () {
    const port = await freePort();
    app = await startApplication({ app: 'exec', exec: { command: [process.execPath, SERVE, '--app', 'kv', '--port', String(port), '--host', '127.0.0.1'], connect: port } }, (l) => log.push(l));
    expect(log).to.deep.equal([`exec ${process.execPath} (pid ${/pid (\d+)/.exec(log[0] ?? '')?.[1]}) listening on 127.0.0.1:${port}`]);
    server = await startServer({ app, host: '127.0.0.1', port: 0 });
    expect((await exchange(server.port, Buffer.from('INCR a\nINCR a\nGET a\n'))).toString()).to.equal('1\n2\nVALUE 2\n');
    await app.stop();
    const refused = net.connect({ port, host: '127.0.0.1' });
    const [error] = (await once(refused, 'error')) as [NodeJS.ErrnoException];
    expect(error.code, 'the program is gone after stop').to.equal('ECONNREFUSED');
  });

  it('connect: a program that exits before it listens fails the start, with its exit and its stderr', async function () {
    const port = await freePort();
    const started = startApplication({ app: 'exec', exec: { command: [process.execPath, '-e', 'console.error("no config file"); process.exit(3)'], connect: port } }, () => {});
    let error: Error | undefined;
    await started.catch((e: Error) => (error = e));
    expect(error?.message).to.equal(`exec ${process.execPath} exited with code 3 before listening on 127.0.0.1:${port}: no config file`);
  });

  it('a program that does not exist fails the start (connect) or the connection (stdin/stdout), never the agent', async function () {
    const port = await freePort();
    const started = startApplication({ app: 'exec', exec: { command: ['hatcp-no-such-program'], connect: port } }, () => {});
    let error: Error | undefined;
    await started.catch((e: Error) => (error = e));
    expect(error?.message).to.match(/^exec hatcp-no-such-program could not start \(spawn hatcp-no-such-program ENOENT\) before listening/);
    app = await startApplication({ app: 'exec', exec: { command: ['hatcp-no-such-program'] } }, (l) => log.push(l));
    server = await startServer({ app, host: '127.0.0.1', port: 0, log: (l) => log.push(l) });
    expect((await exchange(server.port, Buffer.from('x'))).length, 'the connection is closed, nothing answered').to.equal(0);
    expect(log.join('\n')).to.match(/ENOENT/);
  });

  it('replay into a program: waits for what the primary sent, checks it, drops what was acknowledged, holds the rest for the client', async function () {
    app = await startApplication({ app: 'exec', exec: { command: ['cat'] } }, () => {});
    const instance = app.create();
    const r = await replayInto(instance, Buffer.from('abcdefgh'), 5, { offset: 2, bytes: Buffer.from('cdef') });
    if (!r.ok) throw new Error(r.reason);
    expect({ pending: text(r.pending), compared: r.compared }).to.deep.equal({ pending: 'fgh', compared: 4 });
    // Output after the replay is held until the connection is adopted.
    instance.onData(Buffer.from('ij'));
    const later: Buffer[] = [];
    await new Promise<void>((resolve) => {
      instance.later!.attach({ data: (b) => { later.push(b); if (text(later) === 'ij') resolve(); }, end: () => {}, error: () => {} });
    });
    instance.later!.destroy();
  });

  it('replay into a program that does not regenerate what the primary sent: refused after the timeout, saying how much came', async function () {
    app = await startApplication({ app: 'exec', exec: { command: [process.execPath, '-e', 'process.stdin.once("data", () => process.stdout.write("ab")); setTimeout(() => {}, 10000)'] } }, () => {});
    const instance = app.create();
    const r = await replayInto(instance, Buffer.from('abcdef'), 4, undefined, 300);
    instance.later!.destroy();
    expect(!r.ok && r.reason).to.equal('the replay of 6 client bytes regenerated 2 of the 4 bytes the primary sent within 300 ms');
  });
});
