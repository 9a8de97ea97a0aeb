import { expect } from 'chai';
import { runEach } from '../../../harness/host/run.js';

describe('host: running commands in turn', function () {
  it('runs every argument list while they succeed, and answers with the last', async function () {
    const r = await runEach('sh', [['-c', 'echo one'], ['-c', 'echo two']]);
    expect([r.ok, r.stdout, r.args]).to.deep.equal([true, 'two', ['-c', 'echo two']]);
  });

  it('stops at the first that fails and names it, so the caller can say which command broke', async function () {
    const r = await runEach('sh', [['-c', 'echo bad >&2; exit 3'], ['-c', 'echo never']]);
    expect([r.ok, r.exitCode, r.stderr, r.args]).to.deep.equal([false, 3, 'bad', ['-c', 'echo bad >&2; exit 3']]);
  });
});
