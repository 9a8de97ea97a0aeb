/** Turns YAML syntax errors into ConfigIssues at their line:column. */
import type { LineCounter, YAMLError } from 'yaml';
import type { ConfigIssue } from '../errors/hatcp-error.js';

/** What to do about each kind of YAML error the parser reports. */
const HINTS: Partial<Record<string, string>> = {
  DUPLICATE_KEY: 'each key may appear once in a mapping; remove or rename one of them',
  BAD_INDENT: 'indent nested entries with spaces, the same amount at each level, and close every { and [',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  MISSING_CHAR: 'close the quote or bracket that is left open',
  BLOCK_AS_IMPLICIT_KEY: 'put a nested mapping on its own lines below its key, or quote a value containing ": "',
  MULTILINE_IMPLICIT_KEY: 'keep each key on one line, or quote the value',
  UNEXPECTED_TOKEN: 'check the indentation and quoting on this line',
  MULTIPLE_DOCS: 'keep one document per file, without a second --- line',
  BAD_ALIAS: 'define the &anchor before using *anchor',
};

/** Messages replaced because the parser's wording speaks to programmers, not to file authors. */
const MESSAGES: Partial<Record<string, string>> = {
  MULTIPLE_DOCS: 'the file holds more than one YAML document',
};

/** One ConfigIssue per YAML error, with no field (the file could not be read as data). */
export function configIssuesFromYaml(errors: readonly YAMLError[], lineCounter: LineCounter, file: string): ConfigIssue[] {
  const seen = new Set<number>();
  const issues: ConfigIssue[] = [];
  for (const error of errors) {
    const offset = error.pos[0];
    if (seen.has(offset)) continue; // one message per position; the parser often reports the same spot twice
    seen.add(offset);
    const { line, col } = lineCounter.linePos(offset);
    issues.push({
      location: { file, line, column: col },
      field: '',
      message: `YAML syntax error: ${MESSAGES[error.code] ?? error.message}`,
      hint: HINTS[error.code] ?? 'fix the YAML syntax at this position',
    });
  }
  return issues;
}
