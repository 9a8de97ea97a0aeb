/** Script: writes topologies/topology.schema.json from the zod schema (`npm run schema`). */
import { JSON_SCHEMA_PATH, renderTopologyJsonSchema } from './json-schema.js';
import { writeSchemaFile } from './write-schema-file.js';

await writeSchemaFile(JSON_SCHEMA_PATH, renderTopologyJsonSchema());
