import { expect } from 'chai';
import { kvCommand } from '../../../harness/traffic/protocol/kv-commands.js';
import { RESP_DIALECT } from '../../../harness/traffic/protocol/kv-dialect.js';
import { RespReader, respCommand, type RespRead } from '../../../harness/traffic/protocol/resp.js';

/** Everything `text` yields fed to a fresh reader in the pieces `cuts` (offsets) make. */
function read(text: string, cuts: number[] = [], max = 4096): RespRead[] {
  const reader = new RespReader(max);
  const bounds = [0, ...cuts, text.length];
  return bounds.slice(1).flatMap((end, i) => reader.push(Buffer.from(text.slice(bounds[i], end), 'latin1')));
}

/** Reads `text` whole, then cut at every byte boundary, then one byte per read: each must yield `want`. */
function expectRead(text: string, want: RespRead[], max = 4096): void {
  expect(read(text, [], max), 'in one read').to.deep.equal(want);
  for (let cut = 1; cut < text.length; cut++) expect(read(text, [cut], max), `cut at ${cut}`).to.deep.equal(want);
  expect(read(text, Array.from({ length: text.length - 1 }, (_, i) => i + 1), max), 'byte by byte').to.deep.equal(want);
}

const violation = (detail: string): RespRead => ({ type: 'violation', detail });

describe('traffic: RESP', function () {
  it('writes each kv command as redis-cli does: an array of bulk strings', function () {
    const wire = (seq: number) => RESP_DIALECT.encode(kvCommand(seq));
    expect(wire(0)).to.equal('*2\r\n$4\r\nINCR\r\n$7\r\ncounter\r\n');
    expect(wire(13)).to.equal('*3\r\n$3\r\nSET\r\n$2\r\nk1\r\n$3\r\nv13\r\n');
    expect(wire(16)).to.equal('*2\r\n$3\r\nGET\r\n$2\r\nk0\r\n');
    expect(wire(19)).to.equal('*2\r\n$3\r\nDEL\r\n$2\r\nk7\r\n');
    expect(respCommand(['SET', 'a b', ''])).to.equal('*3\r\n$3\r\nSET\r\n$3\r\na b\r\n$0\r\n\r\n');
  });

  it('reads every RESP2 reply type, however the bytes are split or coalesced', function () {
    const replies: [string, RespRead][] = [
      ['+OK\r\n', { type: 'simple', text: 'OK', raw: '+OK\r\n' }],
      [':42\r\n', { type: 'integer', text: '42', raw: ':42\r\n' }],
      [':-7\r\n', { type: 'integer', text: '-7', raw: ':-7\r\n' }],
      ['$3\r\nv13\r\n', { type: 'bulk', value: 'v13', raw: '$3\r\nv13\r\n' }],
      ['$-1\r\n', { type: 'bulk', value: null, raw: '$-1\r\n' }],
      ['$0\r\n\r\n', { type: 'bulk', value: '', raw: '$0\r\n\r\n' }],
      ['$8\r\nab\r\ncd\r\n\r\n', { type: 'bulk', value: 'ab\r\ncd\r\n', raw: '$8\r\nab\r\ncd\r\n\r\n' }],
      ["-ERR unknown command 'FOO'\r\n", { type: 'error', text: "ERR unknown command 'FOO'", raw: "-ERR unknown command 'FOO'\r\n" }],
      ['*2\r\n$4\r\nINCR\r\n:1\r\n', { type: 'array', raw: '*2\r\n$4\r\nINCR\r\n:1\r\n' }],
      ['*2\r\n*1\r\n+a\r\n*0\r\n', { type: 'array', raw: '*2\r\n*1\r\n+a\r\n*0\r\n' }],
      ['*0\r\n', { type: 'array', raw: '*0\r\n' }],
      ['*-1\r\n', { type: 'array', raw: '*-1\r\n' }],
      ['+\r\n', { type: 'simple', text: '', raw: '+\r\n' }],
    ];
    expectRead(replies.map(([text]) => text).join(''), replies.map(([, reply]) => reply));
  });

  it('reports each protocol violation once, drops the rest of its line, and reads on', function () {
    const one = { type: 'integer', text: '1', raw: ':1\r\n' } as const;
    expectRead('1\n:1\r\n', [violation('a byte "1" that starts no RESP reply (not +, -, :, $ or *)'), one]);
    expectRead('\r\n:1\r\n', [violation('a byte "\\r" that starts no RESP reply (not +, -, :, $ or *)'), one]);
    expectRead('$x\r\n:1\r\n', [violation('a bulk string length "$x" that is not -1 or more'), one]);
    expectRead('$-2\r\n:1\r\n', [violation('a bulk string length "$-2" that is not -1 or more'), one]);
    expectRead('*\r\n:1\r\n', [violation('an array length "*" that is not -1 or more'), one]);
    expectRead(':12a\r\n:1\r\n', [violation('an integer reply ":12a" that is not a number'), one]);
    expectRead('+OK\n:1\r\n', [violation('a line "+OK\\n" that ends without \\r\\n'), one]);
    expectRead('$3\r\nabcX\r\n:1\r\n', [violation('a bulk string of 3 bytes followed by "X\\r" instead of \\r\\n'), one]);
    expectRead('$3\r\nabc\n:2\r\n:1\r\n', [violation('a bulk string of 3 bytes followed by "\\n:" instead of \\r\\n'), one]);
    // The whole reply goes, an array with it.
    expectRead('*3\r\n:1\r\n!\r\n:2\r\n:1\r\n', [violation('a byte "!" that starts no RESP reply (not +, -, :, $ or *)'), { type: 'integer', text: '2', raw: ':2\r\n' }, one]);
  });

  it('reports a reply longer than the limit once, and reads on after its line', function () {
    expectRead(`+${'x'.repeat(40)}\r\n:1\r\n`, [violation('a reply of more than 16 bytes'), { type: 'integer', text: '1', raw: ':1\r\n' }], 16);
    expectRead('$20\r\n01234567890123456789\r\n:1\r\n', [violation('a bulk string of 20 bytes, in a reply of more than 16 bytes'), { type: 'integer', text: '1', raw: ':1\r\n' }], 16);
    // The array's elements after the limit read as replies of their own: RESP has no way to resynchronise.
    expectRead('*9\r\n:1\r\n:2\r\n:3\r\n:4\r\n:5\r\n', [violation('a reply of more than 16 bytes'), { type: 'integer', text: '5', raw: ':5\r\n' }], 16);
  });
});
