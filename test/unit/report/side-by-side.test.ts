import { expect } from 'chai';
import { buildReport, renderSideBySideMarkdown, sideBySide, worstVerdict, type Report } from '../../../harness/report/index.js';
import { crashNoFailover, hatcpTakeover, History, keepalivedReconnect, uninterrupted } from '../metrics/fixtures.js';

/** crash-hatcp over three runs: the standby answers 250, 300 and 220 ms after the crash. */
const takeover = () => buildReport([1250, 1300, 1220].map((r, i) => hatcpTakeover(r, i)));
/** crash-keepalived over three runs: reconnected 100, 50 and 500 ms after the reset, 200 B lost each time. */
const vrrp = () => buildReport([2700, 2650, 3100].map((r, i) => keepalivedReconnect(r, i)));

describe('report: side by side', function () {
  it('one row per scenario: the connection kept in every takeover run, lost in every VRRP run, lost and failed without failover', function () {
    const rows = sideBySide([
      { source: 'results/crash-hatcp/1/report.json', report: takeover() },
      { source: 'results/crash-keepalived/2/report.json', report: vrrp() },
      { source: 'results/test-scenario/3/report.json', report: buildReport([crashNoFailover()]) },
    ]);
    expect(rows.map((r) => [r.label, r.agent, r.runs, r.conclusive, r.survived, r.verdict, r.verdictRuns])).to.deep.equal([
      ['crash-hatcp', 'hatcp (3 × 50 ms)', 3, 3, 3, 'pass', 3],
      ['crash-keepalived', 'keepalived (advert 1000 ms)', 3, 3, 0, 'pass', 3],
      ['test-scenario', 'none', 1, 1, 0, 'fail', 1],
    ]);
    // Stall per run: from the last answer before the crash (902 ms) to the first to a message sent after it.
    expect(rows[0]!.stallMs).to.deep.equal({ n: 3, missing: 0, p50: 348, p99: 398, max: 398 });
    expect(rows[0]!.recoverMs).to.deep.equal({ n: 3, missing: 0, p50: 250, p99: 300, max: 300 });
    expect(rows[1]!.stallMs).to.deep.equal({ n: 3, missing: 0, p50: 1800, p99: 2200, max: 2200 });
    expect(rows[1]!.recoverMs).to.deep.equal({ n: 3, missing: 0, p50: 1702, p99: 2102, max: 2102 });
    // Two faults (crash, restart): each run's worst of the two.
    expect(rows[2]!.recoverMs).to.deep.equal({ n: 1, missing: 0, p50: 2201, p99: 2201, max: 2201 });
    expect(rows.map((r) => [r.lostBytes, r.resets, r.reconnects])).to.deep.equal([
      [{ total: 0, worstRun: 0 }, 0, 0],
      [{ total: 600, worstRun: 200 }, 3, 3],
      [{ total: 200, worstRun: 200 }, 1, 1],
    ]);
  });

  it('renders an aligned Markdown table, what its columns mean and where each report came from', function () {
    const md = renderSideBySideMarkdown(sideBySide([
      { source: 'results/crash-hatcp/1/report.json', report: takeover() },
      { source: 'results/crash-keepalived/2/report.json', report: vrrp() },
    ]));
    const lines = md.split('\n');
    expect(lines.slice(0, 6)).to.deep.equal([
      '# Side by side: 2 scenarios',
      '',
      '| scenario         | agent                       | runs | survived |       stall p50 / p99 / max |     recover p50 / p99 / max | lost total / worst run | resets | reconnects | verdict |',
      '|------------------|-----------------------------|-----:|---------:|----------------------------:|----------------------------:|-----------------------:|-------:|-----------:|---------|',
      '| crash-hatcp      | hatcp (3 × 50 ms)           |    3 |      3/3 |    348.0 / 398.0 / 398.0 ms |    250.0 / 300.0 / 300.0 ms |              0 B / 0 B |      0 |          0 | PASS    |',
      '| crash-keepalived | keepalived (advert 1000 ms) |    3 |      0/3 | 1800.0 / 2200.0 / 2200.0 ms | 1702.0 / 2102.0 / 2102.0 ms |          600 B / 200 B |      3 |          3 | PASS    |',
    ]);
    expect(lines).to.include.members([
      '- crash-hatcp: results/crash-hatcp/1/report.json',
      '- crash-keepalived: results/crash-keepalived/2/report.json',
      '- p50 / p99 / max: nearest rank over the runs (with fewer than 100 runs, p99 is the max)',
    ]);
    expect(md.endsWith('\n')).to.equal(true);
    expect(md).not.to.match(/\p{Extended_Pictographic}/u);
  });

  it('says n/a where a report has no figure, counts runs never recovered, and leaves inconclusive runs out', function () {
    const noFault = buildReport([uninterrupted()]);
    const judged = keepalivedReconnect();
    const inconclusive = buildReport([{ ...judged, inconclusive: ['crash of primary was not fail-stop: 2 frames after the crash instant'] }]);
    const dead = hatcpTakeover(1250, 3);
    dead.history = new History().connect(-10, 1).messages(0, 1000, 1, 0).sent(1000, 1, 10).done(4000).ops;
    const mixed = buildReport([...[1250, 1300, 1220].map((r, i) => hatcpTakeover(r, i)), dead]);
    const partly = buildReport([keepalivedReconnect(2700, 0), { ...keepalivedReconnect(2650, 1), inconclusive: ['f1 crash primary did not take effect: container still running'] }]);
    const handMade = { ...vrrp(), runs: [] } satisfies Report;
    const rows = sideBySide([noFault, inconclusive, mixed, partly, handMade].map((report, i) => ({ source: `r${i}.json`, report })));
    const table = renderSideBySideMarkdown(rows).split('\n').filter((l) => l.startsWith('| ')).slice(1).map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
    expect(table).to.deep.equal([
      ['test-scenario', 'none', '1', '1/1', 'n/a', 'n/a', '0 B / 0 B', '0', '0', 'PASS'],
      ['crash-keepalived (1)', 'keepalived (advert 1000 ms)', '1 (1 inconclusive)', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', 'INCONCLUSIVE'],
      // The dead run stalls to the end of the run (902 ms to 4000 ms) and never recovers: its connection lost seq 10.
      ['crash-hatcp', 'hatcp (3 × 50 ms)', '4', '3/4', '348.0 / 3098.0 / 3098.0 ms', '250.0 / 300.0 / 300.0 ms; 1 run never recovered', '100 B / 100 B', '0', '0', 'FAIL (1/4 runs)'],
      ['crash-keepalived (2)', 'keepalived (advert 1000 ms)', '2 (1 inconclusive)', '0/1', '1800.0 / 1800.0 / 1800.0 ms', '1702.0 / 1702.0 / 1702.0 ms', '200 B / 200 B', '1', '1', 'INCONCLUSIVE (1/2 runs)'],
      ['crash-keepalived (3)', 'keepalived (advert 1000 ms)', '0', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', 'PASS'],
    ]);
  });

  it('the worst verdict of several: fail over inconclusive over pass', function () {
    expect(worstVerdict(['pass', 'inconclusive', 'pass'])).to.equal('inconclusive');
    expect(worstVerdict(['inconclusive', 'fail', 'pass'])).to.equal('fail');
    expect(worstVerdict(['pass'])).to.equal('pass');
    expect(worstVerdict([])).to.equal('pass');
  });
});
