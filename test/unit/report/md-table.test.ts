import { expect } from 'chai';
import { mdTable } from '../../../harness/report/md-table.js';

describe('report: Markdown tables', function () {
  it('escapes pipes and newlines; right-aligns the columns asked for', function () {
    expect(mdTable(['a', 'b'], [['x|y', 'line\nbreak']], [1])).to.equal('| a | b |\n|---|---:|\n| x\\|y | line break |');
  });

  it('aligned: pads every column to its widest (escaped) cell, the rule spanning it', function () {
    expect(mdTable(['name', 'n'], [['x|y', '1'], ['long name', '12345']], [1], { aligned: true }).split('\n')).to.deep.equal([
      '| name      |     n |',
      '|-----------|------:|',
      '| x\\|y      |     1 |',
      '| long name | 12345 |',
    ]);
  });
});
