import { expect } from 'chai';
import { computeMetrics } from '../../../harness/metrics/index.js';
import { renderTimelineSvg } from '../../../harness/report/index.js';
import { agentEvent, crashNoFailover, fault, faultEvent, History, keepalivedReconnect, runInput, scenario } from '../metrics/fixtures.js';

/** A tiny well-formedness check: balanced tags, known entities only. Returns the problem or ''. */
function xmlProblem(xml: string): string {
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, '');
  const stack: string[] = [];
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w:-]*)([^>]*?)(\/?)>|<|>/g)) {
    if (m[0] === '<' || m[0] === '>') return `stray ${m[0]} at ${m.index}`;
    const [, close, name, , self] = m;
    if (close) {
      if (stack.pop() !== name) return `</${name}> at ${m.index} closes nothing open`;
    } else if (!self) stack.push(name!);
  }
  if (stack.length) return `unclosed: ${stack.join(' > ')}`;
  const bad = body.match(/&(?!(amp|lt|gt|quot|apos);)/);
  return bad ? `bare & at ${bad.index}` : '';
}

const render = (input: ReturnType<typeof crashNoFailover>) => renderTimelineSvg(input, computeMetrics(input));

describe('report: timeline.svg', function () {
  it('is well-formed, self-contained, and names the run', function () {
    const svg = render(crashNoFailover());
    expect(xmlProblem(svg)).to.equal('');
    expect(svg).to.match(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="960" height="480" viewBox="0 0 960 480"/);
    expect(svg).not.to.match(/NaN|Infinity|undefined|<script|@import|url\(http/);
    expect(svg).to.include('test-scenario <tspan fill="#666" font-weight="400">run 20261128-141500-1</tspan>');
    expect(svg).to.include('>FAIL</tspan>');
  });

  it('shades each fault to its recovery and labels it at the fault instant', function () {
    const svg = render(crashNoFailover());
    const windows = [...svg.matchAll(/<rect class="fault-window" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    // x axis: 0–4 s on 72–932 px, i.e. 215 px per second.
    expect(windows).to.deep.equal([[287.2, 473.2], [717.4, 43]]);
    expect(svg).to.include('>f1 crash primary</text>');
    expect(svg).to.include('>f2 restart primary</text>');
    expect(svg.match(/class="reconnect"/g)).to.have.length(1);
    expect(svg.match(/<circle [^>]*r="1.8"/g)).to.have.length(18);
  });

  it('labels agent events and reverts, and survives an empty run', function () {
    const input = keepalivedReconnect();
    const svg = render(input);
    expect(xmlProblem(svg)).to.equal('');
    expect(svg).to.include('>standby vrrp-master</text>');

    const f1 = fault('f1', 500, { kind: 'pause' }, ['primary'], 300);
    const empty = runInput({
      scenario: scenario({ faults: [f1] }), history: new History().ops, durationMs: 1000,
      events: [faultEvent(f1, 500), { t: input.t0 + 800, source: 'injector', kind: 'revert', fault: 'f1', action: 'pause', targets: ['primary'], verified: true, evidence: 'thawed' }, agentEvent('standby', 'suspected', 700)],
    });
    const out = render(empty);
    expect(xmlProblem(out)).to.equal('');
    expect(out).not.to.match(/NaN|Infinity/);
    expect(out).to.include('>f1 resume primary</text>');
    expect(out.match(/class="fault-window"/g)).to.have.length(1);
  });

  it('escapes names that are not XML-safe', function () {
    const input = crashNoFailover();
    input.scenario = { ...input.scenario, name: 'a<b>&"c"' };
    const svg = render(input);
    expect(xmlProblem(svg)).to.equal('');
    expect(svg).to.include('a&lt;b&gt;&amp;&quot;c&quot;');
  });
});
