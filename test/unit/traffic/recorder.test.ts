import { expect } from 'chai';
import type { LineSink } from '../../../harness/traffic/gen/line-batcher.js';
import { Recorder } from '../../../harness/traffic/gen/recorder.js';

describe('traffic: recorder', function () {
  it('writes the per-message records by hand exactly as JSON.stringify would, name escaped', function () {
    const lines: string[] = [];
    const sink: LineSink = { push: (r) => lines.push(typeof r === 'string' ? r : JSON.stringify(r)), close: async () => {} };
    const rec = new Recorder('odd "name"\\', sink, () => 0);
    rec.sent(2, 41, 88, 1795888524185.4976);
    rec.verified(2, 41, 88, 0.1234567, 1795888524185.6213);
    expect(lines).to.deep.equal([
      JSON.stringify({ t: 1795888524185.498, gen: 'odd "name"\\', kind: 'sent', conn: 2, seq: 41, bytes: 88 }),
      JSON.stringify({ t: 1795888524185.621, gen: 'odd "name"\\', kind: 'verified', conn: 2, seq: 41, bytes: 88, rttMs: 0.123 }),
    ]);
    expect(rec.progress()).to.deep.equal({ gen: 'odd "name"\\', sent: 1, verified: 1, errors: 0, reconnects: 0, lastRttMs: 0.123 });
  });
});
