import { expect } from 'chai';
import { loopStallDetail } from '../../../../agent/shell/loop-stall.js';

describe('loop-stalled detail', () => {
  it('says the agent was off the CPU when it used little of the gap', () => {
    expect(loopStallDetail(154.2, 6, 10)).to.equal('no timer ran for 154 ms (ticks are 10 ms apart; the agent used 6 ms of CPU in it, mostly off the CPU: other work on this machine ran instead): heartbeats were read, and failures seen, that much late');
  });

  it('says its own work held the loop when it ran most of the gap', () => {
    expect(loopStallDetail(120, 95, 10)).to.include('used 95 ms of CPU in it, mostly running: its own work held the event loop');
  });

  it('keeps the gap first, where the bench and the settle check read it', () => {
    expect(/ran for (\d+) ms/.exec(loopStallDetail(80.4, 70, 10))?.[1]).to.equal('80');
  });
});
