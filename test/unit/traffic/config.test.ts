import { expect } from 'chai';
import { parseGeneratorConfig, sendingEndsAt } from '../../../harness/traffic/gen/config.js';
import { echoTrafficProblem } from '../../../harness/traffic/echo-compat.js';

const base = { host: '10.77.0.100', port: 7000, seed: 1, startAt: 1000 };
const stream = { kind: 'stream', name: 's', rate: 100, size: 64, durationMs: 500 };

describe('traffic: generator argument', function () {
  it('parses a stream spec, filling the common defaults', function () {
    const cfg = parseGeneratorConfig(JSON.stringify({ ...base, spec: stream }));
    expect(cfg.spec).to.deep.include({ kind: 'stream', name: 's', reconnect: false, stallTimeoutMs: 2000, connectTimeoutMs: 200 });
    expect(cfg.endAt).to.equal(undefined);
    expect(sendingEndsAt(cfg)).to.equal(1500);
  });

  it('parses a kv spec: a rate and a duration, like a stream without a size, in the line dialect by default', function () {
    const cfg = parseGeneratorConfig(JSON.stringify({ ...base, spec: { kind: 'kv', name: 'kv1', rate: 200, durationMs: 6000, reconnect: true } }));
    expect(cfg.spec).to.deep.equal({ kind: 'kv', name: 'kv1', from: '', startMs: 0, reconnect: true, stallTimeoutMs: 2000, connectTimeoutMs: 200, rate: 200, dialect: 'line', durationMs: 6000 });
    expect(sendingEndsAt(cfg)).to.equal(7000);
    expect(() => parseGeneratorConfig(JSON.stringify({ ...base, spec: { kind: 'kv', name: 'kv1', rate: -1, durationMs: 6000 } }))).to.throw(/spec\.rate is -1; it must be a number > 0/);
  });

  it('takes the kv dialect resp, and names the field when the dialect is neither line nor resp', function () {
    const kv = { kind: 'kv', name: 'kv1', rate: 200, durationMs: 6000 };
    expect(parseGeneratorConfig(JSON.stringify({ ...base, spec: { ...kv, dialect: 'resp' } })).spec).to.include({ dialect: 'resp' });
    expect(parseGeneratorConfig(JSON.stringify({ ...base, spec: { ...kv, dialect: 'line' } })).spec).to.include({ dialect: 'line' });
    for (const dialect of ['redis', null, 2]) {
      try {
        parseGeneratorConfig(JSON.stringify({ ...base, spec: { ...kv, dialect } }));
        expect.fail(`dialect ${JSON.stringify(dialect)} was taken`);
      } catch (err) {
        expect((err as Error).message).to.equal(`traffic generator: spec.dialect is ${JSON.stringify(dialect)}; it must be one of "line", "resp"`);
        expect((err as { hint: string }).hint).to.equal("set spec.dialect in the generator's JSON argument");
      }
    }
  });

  it('parses a lines spec: a rate and a duration, like kv without a dialect', function () {
    const cfg = parseGeneratorConfig(JSON.stringify({ ...base, spec: { kind: 'lines', name: 'l1', rate: 50, durationMs: 3000, reconnect: true, stallTimeoutMs: 500 } }));
    expect(cfg.spec).to.deep.equal({ kind: 'lines', name: 'l1', from: '', startMs: 0, reconnect: true, stallTimeoutMs: 500, connectTimeoutMs: 200, rate: 50, durationMs: 3000 });
    expect(sendingEndsAt(cfg)).to.equal(4000);
    expect(() => parseGeneratorConfig(JSON.stringify({ ...base, spec: { kind: 'lines', name: 'l1', rate: 0, durationMs: 3000 } }))).to.throw(/spec\.rate is 0; it must be a number > 0/);
    expect(() => parseGeneratorConfig(JSON.stringify({ ...base, spec: { kind: 'lines', name: 'l1', rate: 50 } }))).to.throw(/spec\.durationMs is missing; it must be an integer in \[0, /);
    expect(() => parseGeneratorConfig(JSON.stringify({ ...base, spec: { ...stream, kind: 'line' } }))).to.throw('traffic generator: spec.kind is "line"; it must be one of "stream", "rpc", "bulk", "kv", "lines"');
  });

  it('lets endAt override the end of sending, and gives bulk none by default', function () {
    expect(sendingEndsAt(parseGeneratorConfig(JSON.stringify({ ...base, endAt: 9000, spec: stream })))).to.equal(9000);
    const bulk = parseGeneratorConfig(JSON.stringify({ ...base, spec: { kind: 'bulk', name: 'b', bytes: 10, direction: 'both' } }));
    expect(sendingEndsAt(bulk)).to.equal(Infinity);
  });

  it('names the bad field, what it must be, and how to fix it', function () {
    expect(() => parseGeneratorConfig(JSON.stringify({ ...base, port: 70000, spec: stream }))).to.throw(/port is 70000; it must be an integer in \[1, 65535\]/);
    expect(() => parseGeneratorConfig(JSON.stringify({ ...base, spec: { ...stream, rate: 0 } }))).to.throw(/spec\.rate is 0; it must be a number > 0/);
    expect(() => parseGeneratorConfig(JSON.stringify({ ...base, spec: { ...stream, kind: 'udp' } }))).to.throw(/spec\.kind is "udp"; it must be one of/);
    expect(() => parseGeneratorConfig('{')).to.throw(/not JSON/);
    expect(() => parseGeneratorConfig(undefined)).to.throw(/missing its JSON argument/);
    try {
      parseGeneratorConfig(JSON.stringify({ ...base, spec: { ...stream, size: -1 } }));
    } catch (err) {
      expect((err as { hint: string }).hint).to.equal("set spec.size in the generator's JSON argument");
      expect((err as { exitCode: number }).exitCode).to.equal(2);
    }
  });

  it('refuses bulk down against the echo app, which produces no data of its own', function () {
    const spec = { kind: 'bulk', name: 'b', bytes: 10, direction: 'down' } as const;
    expect(() => parseGeneratorConfig(JSON.stringify({ ...base, spec }))).to.throw(/bulk direction "down" needs a server that sends data of its own/);
    const problem = echoTrafficProblem({ ...spec, from: 'client', startMs: 0, reconnect: false, stallTimeoutMs: 2000, connectTimeoutMs: 200 });
    expect(problem?.hint).to.match(/use direction "both"/);
    expect(echoTrafficProblem({ ...spec, direction: 'both', from: 'client', startMs: 0, reconnect: false, stallTimeoutMs: 2000, connectTimeoutMs: 200 })).to.equal(undefined);
  });
});
