import { RpcPacer } from '../pacing/rpc-pacer.js';
import { StreamPacer } from '../pacing/stream-pacer.js';
import { kvDialect } from '../protocol/kv-dialect.js';
import { BulkWorkload } from './bulk-workload.js';
import type { GeneratorConfig } from './config.js';
import { FrameWorkload } from './frame-workload.js';
import { KvWorkload } from './kv-workload.js';
import { LinesWorkload } from './lines-workload.js';
import type { Recorder } from './recorder.js';
import type { Workload } from './workload.js';

/** The workload for a generator's traffic kind. */
export function createWorkload(cfg: GeneratorConfig, rec: Recorder): Workload {
  const spec = cfg.spec;
  switch (spec.kind) {
    case 'stream':
      return new FrameWorkload(cfg.seed, spec.size, new StreamPacer(spec.rate), rec);
    case 'rpc':
      return new FrameWorkload(cfg.seed, spec.size, new RpcPacer(spec.rate, spec.concurrency), rec);
    case 'bulk':
      return new BulkWorkload(cfg.seed, spec.bytes, rec);
    case 'kv':
      return new KvWorkload(new StreamPacer(spec.rate), rec, kvDialect(spec.dialect));
    case 'lines':
      return new LinesWorkload(new StreamPacer(spec.rate), rec);
  }
}
