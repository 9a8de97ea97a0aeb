import { expect } from 'chai';
import { placeLabels, textWidth } from '../../../harness/report/svg/lanes.js';

describe('report: timeline label lanes', function () {
  it('keeps labels apart in one lane when they fit, stacks them when they do not', function () {
    const placed = placeLabels([{ x: 100, text: 'f1 crash primary' }, { x: 400, text: 'f2 restart primary' }, { x: 110, text: 'witness suspected' }], 900, 3);
    expect(placed.map((p) => [p.text, p.lane, p.anchor])).to.deep.equal([
      ['f1 crash primary', 0, 'start'], ['witness suspected', 1, 'start'], ['f2 restart primary', 0, 'start'],
    ]);
  });

  it('reads leftwards near the right edge, and never leaves a label unplaced', function () {
    const placed = placeLabels([{ x: 890, text: 'f9 heal primary' }, ...[1, 2, 3, 4].map((i) => ({ x: 100 + i, text: `event ${i}` }))], 900, 2);
    const edge = placed.find((p) => p.text === 'f9 heal primary')!;
    expect([edge.anchor, edge.textX]).to.deep.equal(['end', 887]);
    expect(edge.textX - textWidth(edge.text)).to.be.greaterThan(0);
    expect(placed.map((p) => p.lane).sort()).to.deep.equal([0, 0, 0, 1, 1]);
  });
});
