import { expect } from 'chai';
import { execa } from 'execa';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildReport } from '../../../harness/report/index.js';
import { hatcpTakeover, keepalivedReconnect } from '../metrics/fixtures.js';

const BIN = fileURLToPath(new URL('../../../../bin/hatcp.js', import.meta.url));

/** The hatcp CLI as a user runs it (no Docker needed for these commands); execa drops the final newline of what it printed. */
async function hatcp(args: string[]) {
  const r = await execa('node', [BIN, ...args], { reject: false, stdin: 'ignore' });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

describe('cli: hatcp table', function () {
  let dir = '';
  let hatcpRun = '';
  let vrrpReport = '';

  before(async function () {
    dir = await mkdtemp(join(tmpdir(), 'hatcp-table-'));
    hatcpRun = join(dir, 'crash-hatcp', '20261128-141500');
    await mkdir(hatcpRun, { recursive: true });
    await writeFile(join(hatcpRun, 'report.json'), JSON.stringify(buildReport([1250, 1300, 1220].map((r, i) => hatcpTakeover(r, i))), null, 2));
    const vrrpRun = join(dir, 'crash-keepalived', '20261128-142000');
    await mkdir(vrrpRun, { recursive: true });
    vrrpReport = join(vrrpRun, 'report.json');
    await writeFile(vrrpReport, JSON.stringify(buildReport([2700, 2650, 3100].map((r, i) => keepalivedReconnect(r, i)))));
    await writeFile(join(dir, 'not-a-report.json'), '{"runs": []}');
  });

  after(async function () {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints one row per report, from a run directory or its report.json', async function () {
    const r = await hatcp(['table', hatcpRun, vrrpReport]);
    expect(r.exitCode, r.stderr).to.equal(0);
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('| crash-'));
    expect(rows).to.have.length(2);
    expect(rows[0]).to.match(/^\| crash-hatcp +\| hatcp \(3 × 50 ms\) +\| +3 \| +3\/3 \| +348\.0 \/ 398\.0 \/ 398\.0 ms \|.* \| PASS +\|$/);
    expect(rows[1]).to.match(/^\| crash-keepalived +\| keepalived \(advert 1000 ms\) \| +3 \| +0\/3 \| 1800\.0 \/ 2200\.0 \/ 2200\.0 ms \|.*\| +600 B \/ 200 B \| +3 \| +3 \| PASS +\|$/);
    expect(r.stdout).to.include(`- crash-hatcp: ${join(hatcpRun, 'report.json')}`);
  });

  it('names a file that is not a report and says what to pass (exit 2)', async function () {
    const r = await hatcp(['table', hatcpRun, join(dir, 'not-a-report.json')]);
    expect(r.exitCode).to.equal(2);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.equal(`error: ${join(dir, 'not-a-report.json')}: not a hatcp report (no "format": "hatcp.report")\n  fix: pass the report.json of a results directory, e.g. results/<scenario>/<run-id>/report.json`);
  });

  it('a directory without report.json: points at the newest run of each scenario under it', async function () {
    const scenarioDir = await hatcp(['table', join(dir, 'crash-hatcp')]);
    expect(scenarioDir.exitCode).to.equal(2);
    expect(scenarioDir.stderr).to.equal(`error: ${join(dir, 'crash-hatcp')}: no report.json in this directory\n  fix: pass one of its runs, e.g. the newest: ${hatcpRun}`);
    const results = await hatcp(['table', dir]);
    expect(results.stderr).to.include(`fix: pass a run directory of each scenario, e.g. the newest: ${hatcpRun} ${join(dir, 'crash-keepalived', '20261128-142000')}`);
  });

  it('a scenario file or nothing at all: exit 2 with what to do', async function () {
    const yaml = await hatcp(['table', 'scenarios/crash-hatcp.yaml']);
    expect(yaml.exitCode).to.equal(2);
    expect(yaml.stderr).to.match(/^error: scenarios\/crash-hatcp\.yaml: a scenario file, not a report\n {2}fix: run it first/);
    const none = await hatcp(['table']);
    expect(none.exitCode).to.equal(2);
    expect(none.stderr).to.match(/^error: table needs at least one report\.json or run directory/);
  });

  it('help lists table, compare and run with several scenario files', async function () {
    const r = await hatcp(['help']);
    expect(r.exitCode).to.equal(0);
    expect(r.stdout).to.match(/^ {2}hatcp table <report\.json \| results dir>\.\.\. +one table comparing scenarios side by side/m);
    expect(r.stdout).to.match(/^ {2}hatcp run <scenario\.yaml>\.\.\. \[--repeat N\] \[--results DIR\]\n {53}run scenarios in turn/m);
    expect(r.stdout).to.match(/^ {2}hatcp compare <baseline\.json> <run\.json>/m);
  });
});
