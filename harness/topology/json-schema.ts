/** The JSON Schema of topology files, generated from the zod schema, for editors (yaml-language-server). */
import { jsonSchemaOf, renderJsonSchema } from './json-schema-file.js';
import { topologyFileSchema } from './schema.js';

/** Where the generated schema is kept, relative to the repository root. */
export const JSON_SCHEMA_PATH = 'topologies/topology.schema.json';

/** The JSON Schema (draft-07) of what may be written in a topology file. */
export function topologyJsonSchema(): Record<string, unknown> {
  return jsonSchemaOf(topologyFileSchema);
}

/** The schema as the file text kept in the repository. */
export function renderTopologyJsonSchema(): string {
  return renderJsonSchema(topologyFileSchema);
}
