import { expect } from 'chai';
import { createEchoApp } from '../../../agent/service/apps/echo.js';
import { createApp } from '../../../agent/service/apps/create-app.js';

describe('service: echo app', function () {
  it('returns every byte as received and nothing at the end', function () {
    const app = createEchoApp();
    expect(app.onData(Buffer.from('abc')).map(String)).to.deep.equal(['abc']);
    expect(app.onData(Buffer.alloc(0))).to.deep.equal([]);
    expect(app.onEnd()).to.deep.equal([]);
  });

  it('is a deterministic function of the byte stream: any split replays to the same output', function () {
    const input = Buffer.from('the client byte stream, replayed by the standby');
    const whole = Buffer.concat(createApp('echo').onData(input));
    const replay = createApp('echo');
    const pieces: Buffer[] = [];
    for (let i = 0; i < input.length; i += 7) pieces.push(...replay.onData(input.subarray(i, i + 7)));
    pieces.push(...replay.onEnd());
    expect(Buffer.concat(pieces).equals(whole)).to.equal(true);
  });
});
