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
    expect(() => parseServeArgs(['--app', 'chat', '--port', '1'])).to.throw(/--app "chat" is not an application hatcp serves \(known: echo, kv, stamp\)/);
    expect(() => parseServeArgs(['--app', 'echo', '--port', '99999'])).to.throw(/--port "99999" is not a TCP port/);
    expect(() => parseServeArgs(['--app', 'echo', '--port'])).to.throw(/--port needs a value/);
    expect(() => parseServeArgs(['--verbose'])).to.throw(/unknown argument "--verbose"/);
  });
});
