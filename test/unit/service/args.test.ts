import { expect } from 'chai';
import { parseServeArgs } from '../../../agent/service/args.js';

describe('service: serve arguments', function () {
  it('reads --app, --port and an optional --host (default 0.0.0.0), also as --flag=value', function () {
    expect(parseServeArgs(['--app', 'echo', '--port', '7000'])).to.deep.equal({ app: 'echo', port: 7000, host: '0.0.0.0' });
    expect(parseServeArgs(['--app=echo', '--port=0', '--host=127.0.0.1'])).to.deep.equal({ app: 'echo', port: 0, host: '127.0.0.1' });
    expect(parseServeArgs(['--app', 'kv', '--port', '7000']).app).to.equal('kv');
    expect(parseServeArgs(['--app', 'stamp', '--port', '7000']).app).to.equal('stamp');
  });

  it('says what is wrong and shows the usage', function () {
    expect(() => parseServeArgs(['--app', 'echo'])).to.throw(/serve: --port is required\n {2}fix: usage: node dist\/agent\/service\/serve\.js/);
    expect(() => parseServeArgs(['--app', 'chat', '--port', '1'])).to.throw(/--app "chat" is not an application hatcp serves \(known: echo, kv, stamp, exec\)/);
    expect(() => parseServeArgs(['--app', 'echo', '--port', '99999'])).to.throw(/--port "99999" is not a TCP port/);
    expect(() => parseServeArgs(['--app', 'echo', '--port'])).to.throw(/--port needs a value/);
    expect(() => parseServeArgs(['--verbose'])).to.throw(/unknown argument "--verbose"/);
  });

  it('takes the program of --app exec after --, and --connect for one that listens on TCP', function () {
    expect(parseServeArgs(['--app', 'exec', '--port', '7000', '--', 'cat'])).to.deep.equal({ app: 'exec', port: 7000, host: '0.0.0.0', exec: { command: ['cat'] } });
    expect(parseServeArgs(['--app', 'exec', '--port', '7000', '--connect', '6379', '--', 'redis-server', '--port', '6379', '--save', ''])).to.deep.equal({
      app: 'exec', port: 7000, host: '0.0.0.0', exec: { command: ['redis-server', '--port', '6379', '--save', ''], connect: 6379 },
    });
    expect(() => parseServeArgs(['--app', 'exec', '--port', '7000'])).to.throw(/--app exec needs the program to run after --, e.g. -- cat/);
    expect(() => parseServeArgs(['--app', 'exec', '--port', '7000', '--connect', '0', '--', 'x'])).to.throw(/--connect "0" is not a TCP port \(1–65535\)/);
    expect(() => parseServeArgs(['--app', 'echo', '--port', '7000', '--', 'cat'])).to.throw(/--connect and a program after -- are for --app exec, not echo/);
  });
});
