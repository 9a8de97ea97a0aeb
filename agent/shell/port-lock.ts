/**
 * The takeover's lock: an nftables rule in this node that drops inbound TCP to the service port
 * of a set of addresses, so that the kernel does not answer a client's segment with RST while its
 * connection is being rebuilt (DESIGN.md). The set is armed ahead of time with every address other
 * nodes hold: the rule is on the input hook, so it cannot match an address this node does not
 * hold, and taking one over finds it locked already. An address leaves the set at the end of its
 * takeover (unlock), or just before this node puts it up without one (a claim that brings no
 * connections), never merely because it changed hands.
 *
 * The table, set, rule and counter are made once, at boot, by `nft`; the set's elements change
 * through a netfilter netlink socket of the agent's own (µs, no other process to wake), and the
 * counter is read by `nft` off the critical path.
 */
import { NftSession } from '../../harness/host/nft-session.js';
import { NFPROTO_IPV4 } from '../netfilter/set-batch.js';
import { NetfilterSocket } from '../netfilter/socket.js';

const TABLE_NAME = 'hatcp_lock';
export const LOCK_TABLE = `ip ${TABLE_NAME}`;
const SET_NAME = 'vips';
const COUNTER = 'dropped';

/** The packets the lock's counter holds in a listing of its table, or undefined if it is not there. */
export function droppedCount(listing: string): number | undefined {
  const m = new RegExp(`counter ${COUNTER} \\{\\s*packets (\\d+)`).exec(listing);
  return m ? Number(m[1]) : undefined;
}

export interface LockResult {
  ok: boolean;
  error: string;
}

export class PortLock {
  private readonly nft = new NftSession();
  private readonly socket: NetfilterSocket | undefined;
  /** Why the lock cannot work, once known; '' when it can. */
  private readonly ready: Promise<string>;
  private made = false;
  /** Addresses other nodes hold (or held): armed unless this node puts them up itself. */
  private readonly wanted = new Set<string>();
  /** In a takeover: armed whatever else happens, until unlocked. */
  private readonly taking = new Set<string>();
  /** In the kernel's set. */
  private readonly armed = new Set<string>();
  private lastError = '';
  /** The counter at the last reading, and when the current takeover locked. */
  private counted = 0;
  private since = 0;

  constructor(port: number, private readonly log: (line: string) => void) {
    let socketProblem = '';
    try {
      this.socket = new NetfilterSocket();
    } catch (error) {
      socketProblem = (error as Error).message;
    }
    // Made fresh at boot (a previous agent's set would not be this one's), off any critical path:
    // nft's first transaction costs tens of ms.
    this.ready = this.nft.apply([
      `add table ${LOCK_TABLE}`, `delete table ${LOCK_TABLE}`, `add table ${LOCK_TABLE}`,
      `add set ${LOCK_TABLE} ${SET_NAME} { type ipv4_addr; }`,
      `add counter ${LOCK_TABLE} ${COUNTER}`,
      `add chain ${LOCK_TABLE} input { type filter hook input priority -300; policy accept; }`,
      `add rule ${LOCK_TABLE} input ip daddr @${SET_NAME} tcp dport ${port} counter name "${COUNTER}" drop`,
    ], LOCK_TABLE).then((r) => (r.ok ? '' : r.error), (error: Error) => error.message).then((problem) => {
      const why = problem || socketProblem;
      if (why) {
        log(`the takeover lock cannot work: ${why}`);
        return why;
      }
      this.made = true;
      this.sync();
      return '';
    });
  }

  /** `ips` are held by other nodes: armed (those not armed yet). Called at every step: the set is touched only when it gains one. */
  arm(ips: Iterable<string>): void {
    const before = this.wanted.size;
    for (const ip of ips) this.wanted.add(ip);
    if (this.wanted.size > before) this.sync();
  }

  /** A takeover of `ips` begins: they stay locked until `unlock`. Resolves once they are. */
  async lock(ips: string[]): Promise<LockResult> {
    for (const ip of ips) this.taking.add(ip);
    const problem = await this.ready;
    this.sync();
    // Nothing can have been dropped for this takeover yet: its addresses go up after this.
    this.since = this.counted;
    const missing = ips.filter((ip) => !this.armed.has(ip));
    return missing.length === 0 ? { ok: true, error: '' } : { ok: false, error: problem || this.lastError || `${missing.join(', ')} not in the lock set` };
  }

  /**
   * The takeover of `ips` is over: they leave the set now (one netlink transaction). `dropped`
   * resolves with the client segments the lock dropped during the takeover, read afterwards.
   */
  unlock(ips: string[]): LockResult & { dropped: Promise<number> } {
    for (const ip of ips) {
      this.taking.delete(ip);
      this.wanted.delete(ip);
    }
    this.sync();
    const still = ips.filter((ip) => this.armed.has(ip));
    const since = this.since;
    return { ok: still.length === 0, error: still.length === 0 ? '' : this.lastError, dropped: this.read().then((n) => n - since) };
  }

  /** This node is about to put `ip` up: it must not be locked, unless a takeover of it holds the lock. */
  addressUp(ip: string): void {
    if (this.taking.has(ip)) return;
    this.wanted.delete(ip);
    this.sync();
  }

  /**
   * An address left this node: it was in the set (other nodes hold it) while it was still up here,
   * so the counter may have moved. Read anew, lest those drops be put on the next takeover.
   */
  released(): void {
    void this.read();
  }

  close(): Promise<void> {
    this.socket?.close();
    return this.nft.close();
  }

  /** Makes the kernel's set what `wanted` and `taking` say (once the table is made). */
  private sync(): void {
    if (!this.made || !this.socket) return;
    const desired = new Set([...this.wanted, ...this.taking]);
    const add = [...desired].filter((ip) => !this.armed.has(ip));
    const remove = [...this.armed].filter((ip) => !desired.has(ip));
    for (const [op, ips] of [['add', add], ['delete', remove]] as const) {
      if (ips.length === 0) continue;
      const error = this.socket.change({ op, family: NFPROTO_IPV4, table: TABLE_NAME, set: SET_NAME, ips });
      if (error) {
        const text = `${op} ${ips.join(', ')}: ${error}`;
        // Retried at every change of the records: said once, not each time.
        if (text !== this.lastError) this.log(`takeover lock: ${text}`);
        this.lastError = text;
        continue;
      }
      for (const ip of ips) {
        if (op === 'add') this.armed.add(ip);
        else this.armed.delete(ip);
      }
    }
  }

  /** The counter now (nft, tens of ms at worst); the last value read if it cannot be read. */
  private async read(): Promise<number> {
    const r = await this.nft.apply([], LOCK_TABLE).catch(() => undefined);
    const n = r ? droppedCount(r.listing) : undefined;
    if (n !== undefined) this.counted = n;
    return this.counted;
  }
}
