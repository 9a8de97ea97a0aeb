import { expect } from 'chai';
import { LineSession } from '../../../harness/host/line-session.js';

describe('host: a long-lived line session', function () {
  it('answers requests in order, each with only its own output', async function () {
    const s = new LineSession('cat', []);
    try {
      const [a, b] = await Promise.all([
        s.request('one\n', (r) => r.stdout.endsWith('one\n')),
        s.request('two\n', (r) => r.stdout.endsWith('two\n')),
      ]);
      expect(a.stdout).to.equal('one\n');
      expect(b.stdout).to.equal('two\n');
    } finally {
      await s.close();
    }
  });

  it('rejects, naming the tool and the request, when no complete answer comes in time', async function () {
    const s = new LineSession('cat', []);
    try {
      await s.request('partial\n', (r) => r.stdout.includes('never'), 100).then(
        () => expect.fail('resolved'),
        (e: Error) => expect(e.message).to.equal('cat: no complete answer within 100 ms to "partial"'),
      );
      // The session stays usable after a timeout.
      expect((await s.request('again\n', (r) => r.stdout.includes('again\n'))).stdout).to.equal('again\n');
    } finally {
      await s.close();
    }
  });
});
