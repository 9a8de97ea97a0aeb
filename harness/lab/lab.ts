import type { ExecOptions, ExecResult } from '../backends/docker/exec.js';
import { execIn } from '../backends/docker/exec.js';
import { installMirrors } from '../backends/docker/monitor.js';
import { HatcpError } from '../errors/hatcp-error.js';
import type { Role, Topology } from '../topology/types.js';
import { configureNode, type UpLink } from '../backends/docker/nodes.js';
import { docker } from '../backends/docker/client.js';
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
    /** Mutable only through `restart`, which gives a node new veths. */
    readonly nodes: Map<string, LabNode>,
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

  /** Starts a stopped (crashed) node again and configures it as `up` did; its veths are new. */
  async restart(name: string): Promise<LabNode> {
    const node = this.node(name);
    const spec = this.topology.nodes.find((n) => n.name === name)!;
    await docker().getContainer(node.containerId).start();
    const links = await configureNode(this.topology, spec, node.containerId);
    const updated = { ...node, links };
    this.nodes.set(name, updated);
    await installMirrors(this.topology, this.nodes, [name]);
    return updated;
  }

  /** PID of the node's init process on the host, for entering its namespaces (works while paused). */
  async pid(name: string): Promise<number> {
    const info = await docker().getContainer(this.node(name).containerId).inspect();
    if (!info.State.Pid) throw new HatcpError(`node ${name} is not running`, { hint: 'restart it first' });
    return info.State.Pid;
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
