import type { ExecOptions, ExecResult } from '../backends/docker/exec.js';
import { execIn } from '../backends/docker/exec.js';
import { HatcpError } from '../errors/hatcp-error.js';
import type { Role, Topology } from '../topology/types.js';
import type { UpLink } from '../backends/docker/nodes.js';
import { down } from './down.js';

/** One running node of a lab. */
export interface LabNode {
  name: string;
  role: Role;
  container: string;
  containerId: string;
  /** Its address on the first link; what its name resolves to inside the topology. */
  ip: string;
  /** The links as they came up: interface names as the kernel gave them. */
  links: UpLink[];
}

/** A topology that is up. Dispose it (`await using`) or call `down()` to remove everything. */
export class Lab implements AsyncDisposable {
  private stopped = false;

  constructor(
    readonly topology: Topology,
    readonly nodes: ReadonlyMap<string, LabNode>,
    /** Wall time `up` took, in milliseconds. */
    readonly upMs: number,
  ) {}

  /** The named node; throws a HatcpError listing the known names otherwise. */
  node(name: string): LabNode {
    const node = this.nodes.get(name);
    if (!node) throw new HatcpError(`no node ${name} in topology ${this.topology.name}`, { hint: `known nodes: ${[...this.nodes.keys()].join(', ')}` });
    return node;
  }

  /** Runs a command inside a node and waits for it. */
  exec(node: string, cmd: string[], options?: ExecOptions): Promise<ExecResult> {
    return execIn(this.node(node).container, cmd, options);
  }

  /** Removes every container and network of this lab. Safe to call twice. */
  async down(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await down(this.topology.name);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.down();
  }
}
