import { release } from 'node:os';
import { docker } from '../backends/docker/client.js';
import { run } from '../host/run.js';
import { inspectImage } from '../image/build.js';
import { recipeImageTag } from '../image/recipe.js';

/** What a reader needs to reproduce a run: kernel, engine, image, code revision, runtimes. */
export async function environment(seed: number): Promise<Record<string, string>> {
  const [engine, tag, rev, dirty, nodeVersion] = await Promise.all([
    docker().version().catch(() => undefined),
    recipeImageTag(),
    run('git', ['rev-parse', 'HEAD']),
    run('git', ['status', '--porcelain', '--untracked-files=no']),
    Promise.resolve(process.version),
  ]);
  const image = await inspectImage(tag).catch(() => undefined);
  return {
    kernel: release(),
    docker: engine?.Version ?? 'unknown',
    image: tag,
    imageId: image?.id ?? 'unknown',
    git: rev.ok ? `${rev.stdout.trim()}${dirty.stdout.trim() ? '-dirty' : ''}` : 'unknown',
    hostNode: nodeVersion,
    seed: String(seed),
  };
}
