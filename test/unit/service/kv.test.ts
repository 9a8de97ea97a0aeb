import { expect } from 'chai';
import { createApp } from '../../../agent/service/apps/create-app.js';
import { createKvApp } from '../../../agent/service/apps/kv.js';
import { MAX_LINE_BYTES } from '../../../agent/service/apps/lines.js';

/** Feeds `input` to a fresh kv app in the given pieces, then ends it; returns all output as text. */
function run(pieces: readonly Buffer[]): string {
  const app = createKvApp();
  const out = pieces.flatMap((p) => app.onData(p));
  out.push(...app.onEnd());
  return Buffer.concat(out).toString('latin1');
}

const SESSION = Buffer.from(
  [
    'SET a hello world',
    'GET a',
    'GET b',
    'INCR n',
    'INCR n',
    'SET n 41',
    'INCR n',
    'INCR a',
    'SET m -3',
    'INCR m',
    'DEL a',
    'DEL a',
    'GET a',
    'get a',
    'GET',
    'GET a b',
    'SET k',
    'SET  x y',
    'FLUSH',
    '',
    'SET r with\ttabs and  spaces \r',
    'GET r\r',
  ].join('\n') + '\n',
);

const REPLIES = [
  'OK',
  'VALUE hello world',
  'NIL',
  '1',
  '2',
  'OK',
  '42',
  'ERR not an integer',
  'OK',
  '-2',
  '1',
  '0',
  'NIL',
  'ERR unknown command',
  'ERR unknown command',
  'ERR unknown command',
  'ERR unknown command',
  'ERR unknown command',
  'ERR unknown command',
  'ERR unknown command',
  'OK',
  'VALUE with\ttabs and  spaces ',
].join('\n') + '\n';

describe('service: kv app', function () {
  it('answers every command, one reply line each', function () {
    expect(run([SESSION])).to.equal(REPLIES);
  });

  it('gives the same output for the input split at every cut point, or coalesced with what follows', function () {
    for (let cut = 0; cut <= SESSION.length; cut++) {
      expect(run([SESSION.subarray(0, cut), SESSION.subarray(cut)]), `cut at ${cut}`).to.equal(REPLIES);
    }
    expect(run([...SESSION].map((b) => Buffer.from([b]))), 'byte by byte').to.equal(REPLIES);
  });

  it('is deterministic: two instances fed the same bytes in different chunkings give the same bytes', function () {
    const pieces = (size: number) => Array.from({ length: Math.ceil(SESSION.length / size) }, (_, i) => SESSION.subarray(i * size, i * size + size));
    const one = createApp('kv');
    const two = createApp('kv');
    const a = Buffer.concat([...pieces(3).flatMap((p) => one.onData(p)), ...one.onEnd()]);
    const b = Buffer.concat([...pieces(17).flatMap((p) => two.onData(p)), ...two.onEnd()]);
    expect(a.equals(b)).to.equal(true);
    expect(a.toString('latin1')).to.equal(REPLIES);
  });

  it('keeps one store per connection: a fresh instance starts empty', function () {
    const first = createApp('kv');
    first.onData(Buffer.from('SET a 1\n'));
    expect(Buffer.concat(createApp('kv').onData(Buffer.from('GET a\n'))).toString()).to.equal('NIL\n');
  });

  it('holds a partial line until its \\n, and answers an unterminated last line at the end', function () {
    const app = createKvApp();
    expect(app.onData(Buffer.from('INCR c'))).to.deep.equal([]);
    expect(Buffer.concat(app.onData(Buffer.from('\nINCR c'))).toString()).to.equal('1\n');
    expect(Buffer.concat(app.onEnd()).toString()).to.equal('2\n');
  });

  it('returns values byte for byte, whatever they hold', function () {
    const value = Buffer.from([0x00, 0xff, 0x80, 0x20, 0xc3, 0x28]);
    const out = run([Buffer.concat([Buffer.from('SET bin '), value, Buffer.from('\nGET bin\n')])]);
    expect(Buffer.from(out, 'latin1').equals(Buffer.concat([Buffer.from('OK\nVALUE '), value, Buffer.from('\n')]))).to.equal(true);
  });

  it('refuses a line over 64 KiB once, discards it, and carries on with the next line, in any split', function () {
    const long = Buffer.concat([Buffer.from('SET big '), Buffer.alloc(MAX_LINE_BYTES, 'x'), Buffer.from('\nINCR n\n')]);
    const expected = 'ERR line too long\n1\n';
    expect(run([long])).to.equal(expected);
    for (const size of [1000, 4096, 65536, 70000]) {
      const pieces = Array.from({ length: Math.ceil(long.length / size) }, (_, i) => long.subarray(i * size, i * size + size));
      expect(run(pieces), `pieces of ${size}`).to.equal(expected);
    }
    // Exactly 64 KiB is still a line.
    const limit = Buffer.concat([Buffer.from('SET k '), Buffer.alloc(MAX_LINE_BYTES - 6, 'y'), Buffer.from('\n')]);
    expect(run([limit])).to.equal('OK\n');
  });
});
