/**
 * A server application as the failover agent needs it: a deterministic function of the client's
 * byte stream. Given the same input bytes (in any split), a fresh instance produces the same
 * output bytes, so a standby can replay the client's recorded bytes into a new instance and
 * reach the state the primary's copy had. Instances hold per-connection state only.
 */
export interface App {
  /** Bytes from the client; returns what to send back, in order (possibly nothing). */
  onData(chunk: Buffer): Buffer[];
  /** The client finished sending (FIN); returns any last output before the server closes. */
  onEnd(): Buffer[];
}

/**
 * The applications hatcp can serve: echo returns every byte; kv is a per-connection key-value
 * store; stamp is deliberately non-deterministic (it shows that a takeover detects that).
 */
export type AppName = 'echo' | 'kv' | 'stamp';

/** Every AppName, for argument checking and messages. */
export const APP_NAMES: readonly AppName[] = ['echo', 'kv', 'stamp'];
