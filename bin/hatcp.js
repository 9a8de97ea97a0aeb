#!/usr/bin/env node
// Entry point of the hatcp CLI: runs the compiled TypeScript (npm run build makes dist/).
import { existsSync } from 'node:fs';

const main = new URL('../dist/harness/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('hatcp: not built yet\n  fix: npm install && npm run build\n');
  process.exit(2);
}
const { main: run } = await import(main.href);
process.exitCode = await run(process.argv.slice(2));
