/** Reports: report.json, report.md, timeline.svg, the comparison of two reports and the side-by-side table of several. Pure: no file is read or written here (see read.ts). */
export type * from './types.js';
export { buildReport } from './build.js';
export { renderMarkdown } from './markdown.js';
export { renderTimelineSvg } from './timeline-svg.js';
export { compareReports, TIME_FLOOR_MS } from './compare.js';
export { renderCompareMarkdown } from './compare-markdown.js';
export { sideBySide } from './side-by-side.js';
export { renderSideBySideMarkdown } from './side-by-side-markdown.js';
export { parseReport } from './parse-report.js';
export { overallVerdict, worstVerdict } from './verdict.js';
