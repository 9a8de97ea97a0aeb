/** Decides how many messages to send now. Pure: the caller passes the time and what is outstanding. */
export interface Pacer {
  /** A (new) connection is ready at `now`: sending starts afresh, with no backlog from before. */
  restart(now: number): void;
  /** How many messages may be written at `now` with `outstanding` unanswered. */
  due(now: number, outstanding: number): number;
  /** `n` messages were written at `now`. */
  sent(n: number, now: number): void;
  /** Milliseconds until `due` may turn positive by time alone (Infinity: only an answer can). */
  wakeIn(now: number, outstanding: number): number;
}
