import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { EventLog } from '../../../agent/shell/event-log.js';

describe('agent: the events file is written after the turn that made the events', function () {
  const dir = mkdtempSync(join(tmpdir(), 'hatcp-event-log-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('nothing during the turn; every line, in order, right after it', async function () {
    const file = join(dir, 'events');
    const log = new EventLog(file);
    log.event('{"kind":"decided"}');
    log.event('{"kind":"claim-sent"}');
    expect(() => readFileSync(file, 'utf8')).to.throw(/ENOENT/);
    await nextTurn();
    log.event('{"kind":"locked"}');
    await nextTurn();
    expect(readFileSync(file, 'utf8')).to.equal('{"kind":"decided"}\n{"kind":"claim-sent"}\n{"kind":"locked"}\n');
  });

  it('flush writes what is pending at once (the agent stopping)', function () {
    const file = join(dir, 'flushed');
    const log = new EventLog(file);
    log.event('{"kind":"vip-down"}');
    log.flush();
    expect(readFileSync(file, 'utf8')).to.equal('{"kind":"vip-down"}\n');
  });
});
