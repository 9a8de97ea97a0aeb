/** Reports: report.json, report.md, timeline.svg and the comparison of two reports. Pure: no file is read or written here (see read.ts). */
export type * from './types.js';
export { buildReport } from './build.js';
export { renderMarkdown } from './markdown.js';
export { renderTimelineSvg } from './timeline-svg.js';
export { compareReports, TIME_FLOOR_MS } from './compare.js';
export { renderCompareMarkdown } from './compare-markdown.js';
export { parseReport } from './parse-report.js';
export { overallVerdict } from './verdict.js';
