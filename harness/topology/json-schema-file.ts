/** JSON Schemas of config files, generated from their zod schemas for editors (yaml-language-server). */
import { z } from 'zod';

/** The JSON Schema (draft-07) of what may be written in a file checked by `schema`. */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  // io 'input': describe what is written in the file (before units are converted and defaults filled).
  return z.toJSONSchema(schema, { io: 'input', target: 'draft-7' });
}

/** The schema as the file text kept in the repository: two-space indent, trailing newline. */
export function renderJsonSchema(schema: z.ZodType): string {
  return `${JSON.stringify(jsonSchemaOf(schema), null, 2)}\n`;
}
