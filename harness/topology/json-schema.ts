/** The JSON Schema of topology files, generated from the zod schema, for editors (yaml-language-server). */
import { z } from 'zod';
import { topologyFileSchema } from './schema.js';

/** Where the generated schema is kept, relative to the repository root. */
export const JSON_SCHEMA_PATH = 'topologies/topology.schema.json';

/** The JSON Schema (draft-07) of what may be written in a topology file. */
export function topologyJsonSchema(): Record<string, unknown> {
  // io 'input': describe what is written in the file (before units are converted and defaults filled).
  return z.toJSONSchema(topologyFileSchema, { io: 'input', target: 'draft-7' });
}

/** The schema as the file text kept in the repository: two-space indent, trailing newline. */
export function renderTopologyJsonSchema(): string {
  return `${JSON.stringify(topologyJsonSchema(), null, 2)}\n`;
}
