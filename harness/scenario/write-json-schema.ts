/** Script: writes scenarios/scenario.schema.json from the zod schema (`npm run schema`). */
import { writeSchemaFile } from '../topology/write-schema-file.js';
import { SCENARIO_JSON_SCHEMA_PATH, renderScenarioJsonSchema } from './json-schema.js';

await writeSchemaFile(SCENARIO_JSON_SCHEMA_PATH, renderScenarioJsonSchema());
