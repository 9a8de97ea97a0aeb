/** Line and column of every key and value in a parsed YAML document, looked up by path. */
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { SourceLocation } from '../errors/hatcp-error.js';
import type { PathKey } from './field-docs.js';

/** Where one entry of the document is: its key (if it is a map entry) and its value. */
interface Entry {
  key: SourceLocation | undefined;
  value: SourceLocation | undefined;
  /** A scalar with a value, as opposed to a collection or an empty value. */
  scalar: boolean;
}

/** Which position to report for an entry: the key, or "auto" (scalar values, else keys). */
export type LocatePreference = 'key' | 'auto';

/** Positions of all entries of one YAML document; plain data, no reference to the document. */
export class SourceLocations {
  readonly #entries = new Map<string, Entry>();

  private constructor(readonly file: string) {}

  /** Records every key and value position of a document parsed with a LineCounter. */
  static fromDocument(doc: Document, lineCounter: LineCounter, file: string): SourceLocations {
    const locations = new SourceLocations(file);
    const at = (offset: number | undefined): SourceLocation | undefined => {
      if (offset === undefined) return undefined;
      const { line, col } = lineCounter.linePos(offset);
      return { file, line, column: col };
    };
    const visit = (node: unknown, path: PathKey[], key: SourceLocation | undefined): void => {
      const range = (node as Node | null)?.range;
      const scalar = isScalar(node) && node.value !== null;
      locations.#entries.set(pathKey(path), { key, value: at(range?.[0]), scalar });
      if (isMap(node)) {
        for (const pair of node.items) {
          if (!isPair(pair)) continue;
          const name = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
          visit(pair.value, [...path, name], at((pair.key as Node | null)?.range?.[0]));
        }
      } else if (isSeq(node)) {
        node.items.forEach((item, index) => visit(item, [...path, index], undefined));
      }
    };
    visit(doc.contents, [], undefined);
    return locations;
  }

  /** Location of the entry at `path`, or of its nearest existing ancestor; the file's start if none has one. */
  locate(path: readonly PathKey[], prefer: LocatePreference = 'auto'): SourceLocation {
    for (let length = path.length; length >= 0; length--) {
      const entry = this.#entries.get(pathKey(path.slice(0, length)));
      if (!entry) continue;
      const exact = length === path.length;
      const found = (exact && prefer === 'auto' && entry.scalar) ? (entry.value ?? entry.key) : (entry.key ?? entry.value);
      if (found) return found;
    }
    return { file: this.file, line: 1, column: 1 };
  }
}

/** The map key for a path; names cannot contain newlines, so joining on one is unambiguous enough. */
function pathKey(path: readonly PathKey[]): string {
  return path.map(String).join('\n');
}
