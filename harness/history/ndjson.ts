/** One JSON record per line, each line ended: the form of history.ndjson and events.ndjson. */
export function toNdjson(records: readonly unknown[]): string {
  return records.map((r) => JSON.stringify(r) + '\n').join('');
}
