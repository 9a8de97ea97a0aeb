import { expect } from 'chai';
import { restartVerdict, settleVerdict, type AgentLine, type SettleQuestion } from '../../../harness/agents/hatcp/settle.js';

const NODES = [{ name: 'primary', role: 'primary' }, { name: 'standby', role: 'standby' }, { name: 'witness', role: 'witness' }];
const e = (t: number, node: string, kind: string, detail = ''): AgentLine => ({ t, node, kind, detail });

/** A calm bring-up: each booted, heard the others, the primary took the VIP and the witness captures. */
function calm(): AgentLine[] {
  const lines = NODES.map((n, i) => e(i * 10, n.name, 'booted', `${n.name} (${n.role}) in cluster c`));
  for (const a of NODES) for (const b of NODES) if (a !== b) lines.push(e(100, a.name, 'peer-up', `${b.name} (${b.role}) first heard`));
  lines.push(e(200, 'primary', 'vip-up', '10.77.0.100/24 added at epoch 1'), e(400, 'witness', 'capture-started', 'tcpdump on eth0: …'));
  return lines;
}

const ask = (events: AgentLine[], now: number, more: Partial<SettleQuestion> = {}) =>
  settleVerdict({ events, now, nodes: NODES, primary: 'primary', vip: '10.77.0.100', quietMs: 500, capture: true, ...more });

describe('hatcp plug-in: when a started cluster is at rest', function () {
  it('settled once every agent booted, hears every other, the primary alone holds the VIP, the witness captures, and 500 ms passed quietly', function () {
    expect(ask(calm(), 519)).to.deep.equal({ settled: false, waiting: '500 ms without unrest (the last agent booted 499 ms ago)' });
    expect(ask(calm(), 520)).to.deep.equal({ settled: true, detail: 'settled 520 ms after the first agent booted, quiet for 500 ms: primary holds 10.77.0.100, every agent hears every other; bring-up saw no unrest' });
  });

  it('waits for each missing piece in turn, naming it', function () {
    const lines = calm();
    expect(ask(lines.filter((l) => !(l.node === 'standby' && l.kind === 'booted')), 5000)).to.deep.equal({ settled: false, waiting: 'the agent on standby has not booted' });
    expect(ask(lines.filter((l) => l.kind !== 'vip-up'), 5000)).to.deep.equal({ settled: false, waiting: 'primary must hold 10.77.0.100 alone; held by nobody' });
    expect(ask(lines.filter((l) => l.kind !== 'capture-started'), 5000)).to.deep.equal({ settled: false, waiting: 'the witness witness is not capturing yet' });
    expect(ask(lines.filter((l) => l.kind !== 'capture-started'), 5000, { capture: false }).settled).to.equal(true);
    expect(ask(lines.filter((l) => !(l.node === 'standby' && l.detail.startsWith('primary '))), 5000)).to.deep.equal({ settled: false, waiting: 'standby does not hear primary' });
  });

  it('a standby that took the VIP at boot and gave it back: settled only after it let go and the quiet that follows; the detail counts the bring-up unrest', function () {
    const lines = [
      ...calm(),
      e(600, 'primary', 'loop-stalled', 'no timer ran for 160 ms'),
      e(700, 'standby', 'suspected', 'primary (primary) silent 80 ms'),
      e(760, 'standby', 'peer-lost', 'primary (primary) silent 155 ms'),
      e(761, 'standby', 'decided', 'take over 10.77.0.100/24 from primary'),
      e(765, 'standby', 'vip-up', '10.77.0.100/24 added at epoch 2'),
    ];
    expect(ask(lines, 2000)).to.deep.equal({ settled: false, waiting: 'primary must hold 10.77.0.100 alone; held by primary and standby' });
    lines.push(e(790, 'standby', 'peer-up', 'primary (primary) heard again after 190 ms of silence'), e(800, 'standby', 'vip-down', '10.77.0.100/24 removed'));
    expect(ask(lines, 1299)).to.deep.equal({ settled: false, waiting: '500 ms without unrest (standby vip-down 499 ms ago)' });
    const v = ask(lines, 1300);
    expect(v).to.deep.equal({ settled: true, detail: 'settled 1300 ms after the first agent booted, quiet for 500 ms: primary holds 10.77.0.100, every agent hears every other; bring-up saw 1 takeover, 1 peer loss, 1 loop stall' });
  });

  it('a fenced primary does not hold the VIP; a peer suspected after it was heard is not heard', function () {
    const lines = [...calm(), e(450, 'primary', 'fenced', 'standby holds epoch 2')];
    expect(ask(lines, 5000)).to.deep.equal({ settled: false, waiting: 'primary must hold 10.77.0.100 alone; held by nobody' });
    const suspicious = [...calm(), e(450, 'witness', 'suspected', 'standby (standby) silent 80 ms')];
    expect(ask(suspicious, 5000)).to.deep.equal({ settled: false, waiting: 'witness does not hear standby' });
  });
});

describe('hatcp plug-in: when a restarted agent is back', function () {
  it('booted is enough for a primary or standby; a witness of a TCP takeover must capture again', function () {
    const booted = e(1000, 'witness', 'booted', 'witness (witness)');
    expect(restartVerdict([], 'primary', true)).to.deep.equal({ settled: false, waiting: 'the agent has not booted' });
    expect(restartVerdict([{ ...booted, node: 'primary' }], 'primary', true)).to.deep.equal({ settled: true, detail: 'booted' });
    expect(restartVerdict([booted], 'witness', false)).to.deep.equal({ settled: true, detail: 'booted' });
    expect(restartVerdict([booted], 'witness', true)).to.deep.equal({ settled: false, waiting: 'the witness is not capturing yet' });
    expect(restartVerdict([booted, e(2100, 'witness', 'capture-started', 'tcpdump on eth0')], 'witness', true)).to.deep.equal({ settled: true, detail: 'booted, capturing 1100 ms after its boot' });
  });
});
