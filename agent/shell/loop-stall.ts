/**
 * What a late timer tick says. A gap with little CPU used by the agent means it was runnable or
 * blocked but not running: the machine gave its CPU to other work (on a host shared with a busy
 * client, say). A gap mostly spent on the CPU means the agent's own work held its event loop.
 * The two call for different fixes (more CPU or a longer detection budget, against less work per
 * turn of the loop), so the event says which, from the process's CPU time over the gap.
 */
export function loopStallDetail(gapMs: number, cpuMs: number, tickEveryMs: number): string {
  const share = gapMs > 0 ? cpuMs / gapMs : 0;
  const cause = share < 0.5 ? 'mostly off the CPU: other work on this machine ran instead' : 'mostly running: its own work held the event loop';
  return `no timer ran for ${gapMs.toFixed(0)} ms (ticks are ${tickEveryMs} ms apart; the agent used ${cpuMs.toFixed(0)} ms of CPU in it, ${cause}): heartbeats were read, and failures seen, that much late`;
}
