/** Escapes text and attribute values for XML. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** A coordinate with at most one decimal; a non-finite value (a bug upstream) becomes 0 rather than `NaN` in the file. */
export function n(x: number): string {
  if (!Number.isFinite(x)) return '0';
  const r = Math.round(x * 10) / 10;
  return String(Object.is(r, -0) ? 0 : r);
}

type Attr = string | number | undefined;

/** One element; numbers go through n(), strings are escaped, undefined attributes are left out. */
export function el(tag: string, attrs: Record<string, Attr>, content?: string): string {
  const a = Object.entries(attrs)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? n(v) : esc(v)}"`)
    .join('');
  return content === undefined ? `<${tag}${a}/>` : `<${tag}${a}>${content}</${tag}>`;
}

/** A text element; `text` is escaped. */
export function text(x: number, y: number, content: string, attrs: Record<string, Attr> = {}): string {
  return el('text', { x, y, ...attrs }, esc(content));
}
