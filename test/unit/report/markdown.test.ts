import { expect } from 'chai';
import { buildReport, renderMarkdown } from '../../../harness/report/index.js';
import { crashNoFailover, keepalivedReconnect } from '../metrics/fixtures.js';

describe('report: report.md', function () {
  it('puts the verdict first, then the tables a network engineer reads', function () {
    const md = renderMarkdown(buildReport([crashNoFailover()]));
    const lines = md.split('\n');
    expect(lines[0]).to.equal('# Verdict: FAIL - test-scenario');
    expect(lines).to.include.members([
      '1 run: 0 pass, 1 fail, 0 inconclusive.',
      '- max_recover failed: worst recover after f1 crash primary: 2201.0 ms',
      '- agent: none (no failover: the VIP stays on the primary)',
      '- fault f1 at 1000 ms: crash primary',
      '| max_recover | <= 1000.0 ms | 2201.0 ms | FAIL | worst recover after f1 crash primary: 2201.0 ms |',
      '| s1 | NO | 2 | 20 | 18 | 1800 | 2 (200 B) | 0 | 0 | 0 | 1 | 1: 100.0 ms at 3.150 s |',
      '| f1 crash | primary | 1.000 s -> 1.001 s (+1.0 ms) | verified | 2300.0 ms (0.902 s to 3.202 s) | 2201.0 ms | 0 |',
      '| f2 restart | primary | 3.000 s -> 3.002 s (+2.0 ms) | verified | 2300.0 ms (0.902 s to 3.202 s) | 200.0 ms | 1: s1 100.0 ms |',
      '| f1 crash primary | client-recovered | s1 | 3.202 s | +2201.0 ms |',
      '| before | 10 | 2.0 ms | 2.0 ms | 2.0 ms | 2.0 ms |',
      '| during | 1 | 2.0 ms | 2.0 ms | 2.0 ms | 2.0 ms |',
      '| kernel | 6.1.0-test |',
    ]);
    expect(md).not.to.match(/Dual VIP ownership|Aggregate/);
    expect(md).not.to.match(/\p{Extended_Pictographic}/u);
  });

  it('over repeats: a runs table, a section per run and the aggregate', function () {
    const md = renderMarkdown(buildReport([2700, 2650, 3100].map((r, i) => keepalivedReconnect(r, i))));
    const lines = md.split('\n');
    expect(lines[0]).to.equal('# Verdict: PASS - crash-keepalived');
    expect(lines).to.include.members([
      '| 20261128-141500-2 | 2 | PASS | 1750.0 ms | 1652.0 ms | 1 | 200 B |',
      '## Run 20261128-141500-3 (seed 3): PASS',
      '### Failover waterfall',
      '| f1 crash primary | vrrp-master | standby | 2.500 s | +1500.0 ms |',
      '|  | client-recovered | s1 | 2.702 s | +1702.0 ms |',
      '## Aggregate over 3 runs',
      '| stall f1 (crash primary) | 3 | 1800.0 ms | 2200.0 ms | 1750.0 ms | 2200.0 ms |',
      '| longest reconnect | 3 | 100.0 ms | 500.0 ms | 50.0 ms | 500.0 ms |',
      '| bytes lost | 3 | 200 B | 200 B | 200 B | 200 B |',
    ]);
  });

  it('shows dual ownership and why a run is inconclusive', function () {
    const input = keepalivedReconnect();
    input.events.push({ t: input.t0 + 3000, source: 'agent', node: 'primary', kind: 'vrrp-master' }, { t: input.t0 + 3250, source: 'agent', node: 'standby', kind: 'vrrp-backup' });
    input.events.sort((a, b) => a.t - b.t);
    input.inconclusive = ['crash of primary was not fail-stop: 2 frames after the crash instant'];
    const lines = renderMarkdown(buildReport([input])).split('\n');
    expect(lines[0]).to.equal('# Verdict: INCONCLUSIVE - crash-keepalived');
    expect(lines).to.include.members([
      '- inconclusive: crash of primary was not fail-stop: 2 frames after the crash instant',
      '## Dual VIP ownership: 250.0 ms in total',
      '| primary + standby | 3.000 s | 3.250 s | 250.0 ms |',
      '## Why inconclusive',
    ]);
  });

  it('says under the verdict that runs were set aside, and lists them with why', function () {
    const aside = { ...keepalivedReconnect(9000, 0), inconclusive: ['standby decided to take over 0.450 s before the first fault'], setAside: true };
    const counted = [1, 2].map((i) => keepalivedReconnect(2700, i));
    const rerun = (input: typeof aside | (typeof counted)[number]) => ({ ...input, scenario: { ...input.scenario, rerunInconclusive: 3 } });
    const lines = renderMarkdown(buildReport([aside, ...counted].map(rerun))).split('\n');
    expect(lines[0]).to.equal('# Verdict: PASS - crash-keepalived');
    expect(lines[2]).to.equal('2 runs: 2 pass, 0 fail, 0 inconclusive. 1 more run was inconclusive and run again (rerun_inconclusive: 3): see *Set aside*.');
    expect(lines).to.include.members(['## Set aside', '| 20261128-141500-1 | 1 | standby decided to take over 0.450 s before the first fault |']);
  });
});
