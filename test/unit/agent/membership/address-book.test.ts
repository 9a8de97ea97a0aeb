import { expect } from 'chai';
import { nextEpoch, noteRecord, noteRelease, outranks, type Claimant } from '../../../../agent/membership/address-book.js';
import type { Holding } from '../../../../agent/membership/state.js';
import type { OwnershipRecord } from '../../../../agent/protocol/record.js';

const record = (nodeId: string, addresses: [string, number][]): OwnershipRecord => ({
  nodeId,
  role: 'standby',
  failoverPolicy: [],
  addresses: addresses.map(([ip, epoch]) => ({ ip, prefix: 24, mac: '02:00:00:00:00:01', epoch })),
  ports: [],
  application: 'echo',
  arp: { garpCount: 1, garpSpacingMs: 0 },
  protocol: 'tcp',
  failback: 'never',
  liveConnections: 0,
});

describe('agent membership: address book', function () {
  const table: [Claimant, Claimant, boolean][] = [
    [{ epoch: 2, holder: 'standby' }, { epoch: 1, holder: 'primary' }, true],
    [{ epoch: 1, holder: 'primary' }, { epoch: 2, holder: 'standby' }, false],
    [{ epoch: 2, holder: 'primary' }, { epoch: 2, holder: 'standby' }, true],
    [{ epoch: 2, holder: 'standby' }, { epoch: 2, holder: 'primary' }, false],
    [{ epoch: 2, holder: 'primary' }, { epoch: 2, holder: 'primary' }, false],
    [{ epoch: 2 }, { epoch: 2, holder: 'primary' }, true],
    [{ epoch: 2, holder: 'primary' }, { epoch: 2 }, false],
    [{ epoch: 1 }, { epoch: 2, holder: 'primary' }, false],
  ];
  for (const [a, b, expected] of table) {
    it(`(${a.epoch}, ${a.holder ?? 'released'}) ${expected ? 'outranks' : 'does not outrank'} (${b.epoch}, ${b.holder ?? 'released'})`, function () {
      expect(outranks(a, b)).to.equal(expected);
    });
  }

  it('learns holdings from records, and that a holder dropped an address its record no longer lists', function () {
    const book = new Map<string, Holding>();
    noteRecord(book, record('primary', [['10.0.0.1', 1], ['10.0.0.2', 1]]));
    noteRecord(book, record('standby', [['10.0.0.1', 2]]));
    noteRecord(book, record('primary', [['10.0.0.1', 1]]));
    expect([...book]).to.deep.equal([
      ['10.0.0.1', { prefix: 24, epoch: 2, holder: 'standby' }],
      ['10.0.0.2', { prefix: 24, epoch: 1 }],
    ]);
    expect(nextEpoch(book, ['10.0.0.1', '10.0.0.2', '10.0.0.3'])).to.equal(3);
  });

  it('takes a release from the holder or at a newer epoch, not from a bystander', function () {
    const book = new Map<string, Holding>([['10.0.0.1', { prefix: 24, epoch: 2, holder: 'standby' }]]);
    noteRelease(book, 'witness', [{ ip: '10.0.0.1', prefix: 24, epoch: 2 }]);
    expect(book.get('10.0.0.1')?.holder).to.equal('standby');
    noteRelease(book, 'standby', [{ ip: '10.0.0.1', prefix: 24, epoch: 2 }]);
    expect(book.get('10.0.0.1'), 'held by nobody; who released it is kept (a failback migrate rebuilds its connections)').to.deep.equal({ prefix: 24, epoch: 2, releasedBy: 'standby' });
  });
});
