/** The JSON Schema of scenario files, generated from the zod schema, for editors (yaml-language-server). */
import { jsonSchemaOf, renderJsonSchema } from '../topology/json-schema-file.js';
import { scenarioFileSchema } from './schema.js';

/** Where the generated schema is kept, relative to the repository root. */
export const SCENARIO_JSON_SCHEMA_PATH = 'scenarios/scenario.schema.json';

/** The JSON Schema (draft-07) of what may be written in a scenario file. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return jsonSchemaOf(scenarioFileSchema);
}

/** The schema as the file text kept in the repository. */
export function renderScenarioJsonSchema(): string {
  return renderJsonSchema(scenarioFileSchema);
}
