/** Orders issues the way a reader meets them in the file. */
import type { ConfigIssue } from '../errors/hatcp-error.js';

/** Issues with a location by line then column (stable), then those without one in their original order. */
export function sortIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const located = issues.filter((issue) => issue.location !== undefined);
  const unlocated = issues.filter((issue) => issue.location === undefined);
  located.sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0));
  return [...located, ...unlocated];
}
