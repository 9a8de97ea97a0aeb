/**
 * A server application as the failover agent needs it: a deterministic function of the client's
 * byte stream. Given the same input bytes (in any split), a fresh instance produces the same
 * output bytes, so a standby can replay the client's recorded bytes into a new instance and
 * reach the state the primary's copy had.
 *
 * In-process applications (echo, kv, stamp) answer at once, from `onData`. An application run as
 * another program (exec) answers later: its output arrives through `later`.
 */
export interface App {
  /** Bytes from the client; returns what to send back at once, in order (possibly nothing). */
  onData(chunk: Buffer): Buffer[];
  /** The client finished sending (FIN); returns any last output at once. */
  onEnd(): Buffer[];
  /** Present when the output comes asynchronously, from another program; the server then closes when it ends. */
  readonly later?: LaterOutput;
}

/** Where an application's asynchronous output goes. */
export interface OutputSink {
  data(chunk: Buffer): void;
  /** The program ended its output (its side of the conversation is over). */
  end(): void;
  /** The program failed (exited, refused, reset): the connection cannot be served any more. */
  error(error: Error): void;
}

/** The asynchronous output of an application run as another program. */
export interface LaterOutput {
  /** Sends output to `sink` from now on, first what was held; `undefined` holds it again. */
  attach(sink: OutputSink | undefined): void;
  /** Stops reading the program's output (the client is not taking it), and resumes. */
  pause(): void;
  resume(): void;
  /** The connection is gone: ends the program's side at once. */
  destroy(): void;
}

/**
 * The applications hatcp can serve: echo returns every byte; kv is a per-connection key-value
 * store; stamp is deliberately non-deterministic (it shows that a takeover detects that); exec is
 * an external program (one per connection over stdin/stdout, or a local TCP server proxied to).
 */
export type AppName = 'echo' | 'kv' | 'stamp' | 'exec';

/** Every AppName, for argument checking and messages. */
export const APP_NAMES: readonly AppName[] = ['echo', 'kv', 'stamp', 'exec'];

/** The external program of the exec application. */
export interface ExecSpec {
  /** The program and its arguments (run directly, no shell). */
  command: string[];
  /**
   * The local TCP port the program listens on: it is started once and each connection is proxied
   * to 127.0.0.1:connect. Absent: one process per connection, the client's bytes on its stdin,
   * its stdout back to the client (inetd style).
   */
  connect?: number;
}

/** Which application to serve, and for exec, which program. */
export interface AppSpec {
  app: AppName;
  exec?: ExecSpec;
}

/** An application ready to serve: fresh instances, one per connection, and how to stop it. */
export interface Application {
  /** For messages: `echo`, `exec redis-server`. */
  readonly label: string;
  create(): App;
  stop(): Promise<void>;
}
