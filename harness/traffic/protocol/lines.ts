/**
 * The lines traffic's protocol: line number `seq` is `line <seq>\n`, and a reply answers it when
 * it begins with that line. An echo answers `line 7`, the stamp app `line 7 3fa9c2d1`: a server
 * whose answers cannot be predicted can still be checked for the lines it was sent, in order.
 */

/** Line number `seq`, without its `\n`. */
export function linesLine(seq: number): string {
  return `line ${seq}`;
}

/**
 * Whether reply `text` answers `line`: it begins with it, and no digit follows (`line 12 …` does
 * not answer `line 1`: it is another line's reply).
 */
export function answersLine(line: string, text: string): boolean {
  if (!text.startsWith(line)) return false;
  const next = text.charCodeAt(line.length); // NaN at the end of the reply
  return !(next >= 0x30 && next <= 0x39);
}

/** What a wrong reply to line `seq` says about the server, for the error's detail ('' when nothing). */
export function wrongLine(seq: number, text: string): string {
  const other = /^line (\d+)/.exec(text);
  if (!other) return '';
  const n = Number(other[1]);
  if (n > seq) return ` (the reply to line ${n}: the server lost or reordered lines)`;
  if (n < seq) return ` (the reply to line ${n}: the server answered a line more than once)`;
  return '';
}
