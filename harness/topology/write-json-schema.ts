/** Script: writes topologies/topology.schema.json from the zod schema (`npm run schema`). */
import { writeFile } from 'node:fs/promises';
import { JSON_SCHEMA_PATH, renderTopologyJsonSchema } from './json-schema.js';

// dist/harness/topology/write-json-schema.js → repository root is three levels up.
const target = new URL(`../../../${JSON_SCHEMA_PATH}`, import.meta.url);
await writeFile(target, renderTopologyJsonSchema());
console.log(`wrote ${JSON_SCHEMA_PATH}`);
