/** An error a user can act on: what failed, on which named thing, why, and what to do. */
export class HatcpError extends Error {
  /** What to do about it, one line, printed after the message as "fix: …". */
  readonly hint: string | undefined;
  /** Process exit code the CLI uses for it. */
  readonly exitCode: number;

  constructor(message: string, options: { hint?: string; cause?: unknown; exitCode?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HatcpError';
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Where in a configuration file a problem is. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** One problem in a configuration file (topology or scenario). */
export interface ConfigIssue {
  location: SourceLocation | undefined;
  /** Dotted path of the field, e.g. `nodes.standby.ip`. */
  field: string;
  message: string;
  hint: string | undefined;
}

/** Formats one issue the way compilers do: `file:line:col field: message`. */
export function formatConfigIssue(issue: ConfigIssue): string {
  const where = issue.location ? `${issue.location.file}:${issue.location.line}:${issue.location.column} ` : '';
  const field = issue.field ? `${issue.field}: ` : '';
  const fix = issue.hint ? `\n  fix: ${issue.hint}` : '';
  return `${where}${field}${issue.message}${fix}`;
}

/** A configuration file that failed validation; carries every problem found, not just the first. */
export class ConfigError extends HatcpError {
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[]) {
    super(issues.map(formatConfigIssue).join('\n'), { exitCode: 2 });
    this.name = 'ConfigError';
    this.issues = issues;
  }
}
