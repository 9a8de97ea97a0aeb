import { HatcpError } from '../errors/hatcp-error.js';
import type { Report } from './types.js';

/** Reads report.json text back, checking its format and version (see FORMAT.md) and the parts `compare` needs. */
export function parseReport(text: string, file: string): Report {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HatcpError(`${file}: not JSON (${(error as Error).message})`, { hint: 'pass the report.json of a results directory', exitCode: 2 });
  }
  const r = value as Partial<Report> | null;
  if (typeof r !== 'object' || r === null || r.format !== 'hatcp.report') {
    throw new HatcpError(`${file}: not a hatcp report (no "format": "hatcp.report")`, { hint: 'pass the report.json of a results directory, e.g. results/<scenario>/<run-id>/report.json', exitCode: 2 });
  }
  if (r.version !== 1) {
    const newer = typeof r.version === 'number' && r.version > 1;
    throw new HatcpError(`${file}: report format version ${String(r.version)}, this hatcp reads version 1`, {
      hint: newer ? 'upgrade hatcp to read it' : 're-render it with `hatcp report <its directory>`',
      exitCode: 2,
    });
  }
  const agg = r.aggregate;
  if (!agg || !Array.isArray(agg.figures) || typeof agg.verdicts !== 'object' || !r.verdict || !r.scenario || !Array.isArray(r.runs)) {
    throw new HatcpError(`${file}: a version 1 report without its scenario, runs, aggregate or verdict (cut short?)`, { hint: 're-render it with `hatcp report <its directory>`', exitCode: 2 });
  }
  return { ...r, setAside: r.setAside ?? [] } as Report; // reports written before set-aside runs existed
}
