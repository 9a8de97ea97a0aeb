import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folder of the node image recipe (`containers/node`). */
export const RECIPE_DIR = fileURLToPath(new URL('../../../containers/node/', import.meta.url));

export const IMAGE_REPO = 'hatcp-node';

/** The image tag for the recipe as it is now: `hatcp-node:<first 12 hex of sha256 over its files>`. */
export async function recipeImageTag(dir = RECIPE_DIR): Promise<string> {
  const hash = createHash('sha256');
  for (const name of (await readdir(dir)).sort()) {
    hash.update(name).update('\0').update(await readFile(join(dir, name))).update('\0');
  }
  return `${IMAGE_REPO}:${hash.digest('hex').slice(0, 12)}`;
}
