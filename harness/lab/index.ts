// The lab's operations in one module, for the CLI to load lazily.
export { execIn } from '../backends/docker/exec.js';
export { requireEngine } from '../backends/docker/client.js';
export { containerName } from '../backends/docker/labels.js';
export { ensureNodeImage } from '../image/build.js';
export { clean } from './clean.js';
export { down } from './down.js';
export { listTopologies } from './list.js';
export { reachability } from './smoke.js';
export { up } from './up.js';
