import type { ErrorKind } from '../../history/types.js';

/** The history's error kind for a socket error, from its errno code. */
export function classifySocketError(err: unknown): ErrorKind {
  const code = (err as { code?: unknown } | undefined)?.code;
  switch (code) {
    case 'ECONNRESET':
    case 'EPIPE':
      return 'reset';
    case 'ECONNREFUSED':
      return 'refused';
    case 'ETIMEDOUT':
      return 'timeout';
    default:
      return 'other';
  }
}

/** A one-line description of a socket error: its code and message. */
export function describeSocketError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}
