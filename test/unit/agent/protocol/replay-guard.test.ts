import { expect } from 'chai';
import { admit, type Receiver } from '../../../../agent/protocol/admit.js';
import { encode } from '../../../../agent/protocol/codec.js';
import { Counters } from '../../../../agent/protocol/counters.js';
import { ReplayGuard, RETIRED_BOOTS_KEPT } from '../../../../agent/protocol/replay-guard.js';
import { envelope, KEY, OTHER_KEY } from '../support/messages.js';

const BOOT_A = '00000000000000aa';
const BOOT_B = '00000000000000bb';
const stampOf = (seq: number, bootId = BOOT_A, from = 'primary') => ({ from, bootId, seq });

describe('agent protocol: replay guard', function () {
  it('accepts increasing sequence numbers and refuses the same or a lower one', function () {
    const guard = new ReplayGuard();
    expect([1, 2, 5].map((s) => guard.check(stampOf(s)))).to.deep.equal(['fresh', 'fresh', 'fresh']);
    expect(guard.check(stampOf(5))).to.equal('replay');
    expect(guard.check(stampOf(3))).to.equal('replay');
    expect(guard.check(stampOf(6))).to.equal('fresh');
  });

  it('keeps senders apart', function () {
    const guard = new ReplayGuard();
    expect(guard.check(stampOf(9, BOOT_A, 'primary'))).to.equal('fresh');
    expect(guard.check(stampOf(1, BOOT_A, 'standby'))).to.equal('fresh');
  });

  it('accepts a rebooted sender from seq 0, and refuses its old boot afterwards', function () {
    const guard = new ReplayGuard();
    guard.check(stampOf(100, BOOT_A));
    expect(guard.check(stampOf(0, BOOT_B))).to.equal('fresh');
    expect(guard.check(stampOf(101, BOOT_A))).to.equal('replay');
    expect(guard.check(stampOf(1, BOOT_B))).to.equal('fresh');
  });

  it(`remembers ${RETIRED_BOOTS_KEPT} old boots per sender and a bounded number of senders`, function () {
    const guard = new ReplayGuard(4);
    const boots = Array.from({ length: RETIRED_BOOTS_KEPT + 2 }, (_, i) => i.toString(16).padStart(16, '0'));
    for (const boot of boots) guard.check(stampOf(1, boot));
    expect(guard.check(stampOf(5, boots[1]))).to.equal('replay');
    expect(guard.check(stampOf(5, boots[0]))).to.equal('fresh'); // older than the memory: documented limit
    for (const from of ['a', 'b', 'c', 'd', 'e']) guard.check(stampOf(1, BOOT_A, from));
    expect(guard.size).to.equal(4);
  });
});

describe('agent protocol: admit and counters', function () {
  it('accepts once, drops the replay, the forgery, the garbage and the foreign cluster, and counts each', function () {
    const receiver: Receiver = { key: KEY, clusterId: 'lab', guard: new ReplayGuard(), counters: new Counters() };
    const hello = encode({ ...envelope('standby', 7), kind: 'solicit' }, KEY);
    expect(admit(hello, receiver).ok).to.equal(true);
    expect(admit(hello, receiver)).to.deep.include({ ok: false, reason: 'replay' });
    expect(admit(encode({ ...envelope('standby', 8), kind: 'solicit' }, OTHER_KEY), receiver)).to.deep.include({ reason: 'bad-mac' });
    expect(admit(Buffer.from('hello'), receiver)).to.deep.include({ reason: 'truncated' });
    expect(admit(encode({ ...envelope('standby', 9), clusterId: 'elsewhere', kind: 'solicit' }, KEY), receiver)).to.deep.include({ reason: 'wrong-cluster' });
    const snap = receiver.counters.snapshot();
    expect(snap.accepted).to.equal(1);
    expect(snap.dropped).to.deep.include({ replay: 1, 'bad-mac': 1, truncated: 1, 'wrong-cluster': 1, malformed: 0 });
    expect(receiver.counters.toString()).to.equal('accepted 1, dropped 4 (truncated 1, bad-mac 1, wrong-cluster 1, replay 1)');
  });
});
