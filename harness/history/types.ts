/**
 * The run's records, one JSON object per line. Every timestamp `t` is the host's wall clock in
 * milliseconds since the epoch (fractional): nodes share the host kernel's clock, so generator,
 * injector and agent records merge into one timeline without clock correction.
 */

/** Why an operation or a connection failed, as the client saw it. */
export type ErrorKind =
  | 'reset' // ECONNRESET / RST received
  | 'refused' // ECONNREFUSED while (re)connecting
  | 'timeout' // no progress for the generator's stall timeout
  | 'closed' // orderly close by the server in mid-stream
  | 'corrupt' // payload checksum mismatch
  | 'duplicate' // a sequence number echoed twice
  | 'gap' // a sequence number skipped (lost)
  | 'other';

/** One line of `history.ndjson`: what a traffic generator on the client observed. */
export type Operation =
  /** A TCP connection is established; `conn` counts from 1 per generator. */
  | { t: number; gen: string; kind: 'connect'; conn: number; ms: number }
  /** A request/message left the client (written to the socket). */
  | { t: number; gen: string; kind: 'sent'; conn: number; seq: number; bytes: number }
  /** Its answer came back complete and correct; `rttMs` from `sent` to here. */
  | { t: number; gen: string; kind: 'verified'; conn: number; seq: number; bytes: number; rttMs: number }
  /** Something went wrong; for data errors `seq` says which message. */
  | { t: number; gen: string; kind: 'error'; conn: number; error: ErrorKind; detail: string; seq?: number }
  /** A new connection replaced a broken one; `afterMs` from the break to connected. */
  | { t: number; gen: string; kind: 'reconnect'; conn: number; afterMs: number }
  /** The generator finished; its own totals, which metrics cross-check. */
  | { t: number; gen: string; kind: 'done'; sent: number; verified: number; bytesSent: number; bytesVerified: number };

/** One line of `events.ndjson`: what the fault injector, the runner or an agent did. */
export type RunEvent =
  | { t: number; source: 'runner'; kind: 'traffic-start' | 'traffic-end' | 'run-start' | 'agents-ready' | 'run-end'; detail?: string }
  | { t: number; source: 'injector'; kind: 'fault'; fault: string; action: string; targets: string[]; scheduled: number; applied: number; verified: boolean; evidence: string }
  /** The automatic end of a timed fault; `scheduled` is absent for what the runner undid at the end of the run. */
  | { t: number; source: 'injector'; kind: 'revert'; fault: string; action: string; targets: string[]; verified: boolean; evidence: string; scheduled?: number }
  /** A check made after the fact that a fault was faithful (e.g. no frame left a crashed node). */
  | { t: number; source: 'injector'; kind: 'evidence'; fault: string; targets: string[]; verified: boolean; evidence: string }
  /** An agent's own transition (suspected, declared, decided, vip-up, arp-sent, first-byte, …). */
  | { t: number; source: 'agent'; node: string; kind: string; detail?: string; epoch?: number };
