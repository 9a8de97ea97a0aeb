/**
 * A GitHub-flavoured Markdown table; `|` and newlines inside cells are escaped. `aligned` pads
 * every column to its widest cell, so that the table also reads as columns in a terminal.
 */
export function mdTable(headers: readonly string[], rows: readonly (readonly string[])[], rightAligned: readonly number[] = [], options: { aligned?: boolean } = {}): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const [head, ...body] = [headers, ...rows].map((cells) => cells.map(cell));
  const width = (i: number) => (options.aligned ? Math.max(3, ...[head!, ...body].map((cells) => (cells[i] ?? '').length)) : 0);
  const widths = headers.map((_, i) => width(i));
  const right = (i: number) => rightAligned.includes(i);
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => (right(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' | ')} |`;
  // Aligned, the rule spans the cell and its two spaces: `|-------|------:|`.
  const dashes = (i: number) => '-'.repeat(options.aligned ? widths[i]! + (right(i) ? 1 : 2) : 3);
  const rule = `|${headers.map((_, i) => `${dashes(i)}${right(i) ? ':' : ''}`).join('|')}|`;
  return [line(head!), rule, ...body.map(line)].join('\n');
}
