import type { GeneratorProgress } from '../traffic/gen/recorder.js';

/** The live progress line: the latest counters of every generator, summed. */
export class Progress {
  private readonly latest = new Map<string, GeneratorProgress>();

  /** Takes a generator's newest counters. */
  update(p: GeneratorProgress): void {
    this.latest.set(p.gen, p);
  }

  /** `t+3.0s  sent 600  verified 598  errors 0  reconnects 0  rtt 0.31 ms`. */
  line(sinceT0Ms: number): string {
    const all = [...this.latest.values()];
    const sum = (key: 'sent' | 'verified' | 'errors' | 'reconnects') => all.reduce((n, p) => n + p[key], 0);
    const rtts = all.flatMap((p) => (p.lastRttMs === null ? [] : [p.lastRttMs]));
    const rtt = rtts.length === 0 ? '-' : `${Math.max(...rtts).toFixed(2)} ms`;
    const t = (sinceT0Ms / 1000).toFixed(1).replace(/^-0\.0$/, '0.0');
    return `t${t.startsWith('-') ? '' : '+'}${t}s  sent ${sum('sent')}  verified ${sum('verified')}  errors ${sum('errors')}  reconnects ${sum('reconnects')}  rtt ${rtt}`;
  }
}
