import { expect } from 'chai';
import { BULK_CHUNK, bulkChunk, chunkCount, chunkLength } from '../../../harness/traffic/protocol/bulk-data.js';
import { BulkVerifier } from '../../../harness/traffic/protocol/bulk-verifier.js';

const SEED = 3;
const TOTAL = 2 * BULK_CHUNK + 100;
const all = Buffer.concat([0, 1, 2].map((i) => bulkChunk(SEED, TOTAL, i)));

describe('traffic: bulk stream verification', function () {
  it('cuts the transfer into 64 KiB chunks, the last one short', function () {
    expect(chunkCount(TOTAL)).to.equal(3);
    expect([0, 1, 2, 3].map((i) => chunkLength(TOTAL, i))).to.deep.equal([BULK_CHUNK, BULK_CHUNK, 100, 0]);
    expect(all.length).to.equal(TOTAL);
  });

  it('reports each chunk once its last byte is back, however the reads are cut', function () {
    for (const step of [1000, 4096, 65_535, TOTAL]) {
      const v = new BulkVerifier(SEED, TOTAL, 0);
      const findings = [];
      for (let at = 0; at < TOTAL; at += step) findings.push(...v.push(all.subarray(at, at + step)));
      expect(findings, `reads of ${step}`).to.deep.equal([
        { kind: 'ok', index: 0, bytes: BULK_CHUNK },
        { kind: 'ok', index: 1, bytes: BULK_CHUNK },
        { kind: 'ok', index: 2, bytes: 100 },
      ]);
      expect(v.matchedBytes).to.equal(TOTAL);
    }
  });

  it('reports a corrupt chunk once, with the first differing stream offset, and carries on', function () {
    const bad = Buffer.from(all);
    bad[BULK_CHUNK + 10] = bad[BULK_CHUNK + 10]! ^ 1;
    bad[BULK_CHUNK + 20] = bad[BULK_CHUNK + 20]! ^ 1;
    const v = new BulkVerifier(SEED, TOTAL, 0);
    const findings = v.push(bad);
    expect(findings.map((f) => f.kind)).to.deep.equal(['ok', 'corrupt', 'ok']);
    expect((findings[1] as { detail: string }).detail).to.match(new RegExp(`^2 of ${BULK_CHUNK} bytes differ in chunk 1; first at stream offset ${BULK_CHUNK + 10}`));
    expect(v.matchedBytes).to.equal(TOTAL - 2);
  });

  it('starts at a later chunk on a new connection, and flags bytes beyond the end once', function () {
    const v = new BulkVerifier(SEED, TOTAL, 2);
    expect(v.push(Buffer.concat([bulkChunk(SEED, TOTAL, 2), Buffer.alloc(5)]))).to.deep.equal([
      { kind: 'ok', index: 2, bytes: 100 },
      { kind: 'excess', bytes: 5 },
    ]);
    expect(v.push(Buffer.alloc(5))).to.deep.equal([]);
  });
});
