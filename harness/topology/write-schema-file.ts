/** Writes a generated JSON Schema into the repository (used by the `npm run schema` scripts). */
import { writeFile } from 'node:fs/promises';

// dist/harness/topology/write-schema-file.js → the repository root is three levels up.
const ROOT = new URL('../../../', import.meta.url);

/** Writes `text` to `path` (relative to the repository root) and says so. */
export async function writeSchemaFile(path: string, text: string): Promise<void> {
  await writeFile(new URL(path, ROOT), text);
  console.log(`wrote ${path}`);
}
