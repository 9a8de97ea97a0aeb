import { join } from 'node:path';
import { execa } from 'execa';
import { docker, isNotFound } from '../backends/docker/client.js';
import { LABEL } from '../backends/docker/labels.js';
import { HatcpError } from '../errors/hatcp-error.js';
import { RECIPE_DIR, recipeImageTag } from './recipe.js';

export interface ImageInfo {
  tag: string;
  id: string;
  sizeBytes: number;
  built: boolean;
}

/**
 * Makes sure the node image of the current recipe exists, building it offline when it does not
 * (or when `force`): debootstrap from the host's Debian mirror, streamed into `docker import`.
 */
export async function ensureNodeImage(options: { force?: boolean; log?: (line: string) => void } = {}): Promise<ImageInfo> {
  const tag = await recipeImageTag();
  if (!options.force) {
    const existing = await inspectImage(tag);
    if (existing) return { ...existing, tag, built: false };
  }
  options.log?.(`building node image ${tag} (debootstrap, about a minute)…`);
  const build = execa('bash', [join(RECIPE_DIR, 'build-rootfs.sh'), join(RECIPE_DIR, 'packages.txt')], {
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: { stdout: false, stderr: true },
    reject: false,
  });
  const [repo, version] = tag.split(':') as [string, string];
  const imported = docker().importImage(build.stdout as unknown as NodeJS.ReadableStream, {
    repo,
    tag: version,
    changes: [`LABEL ${LABEL.managed}=1`, 'CMD ["/usr/local/bin/hatcp-node-init"]'],
  } as object).then(
    (stream) => new Promise<void>((resolve, reject) => docker().modem.followProgress(stream, (err) => (err ? reject(err) : resolve()))),
  );
  const [result] = await Promise.all([build, imported.catch((e: unknown) => e)]);
  if (result.exitCode !== 0) {
    throw new HatcpError(`node image build failed (build-rootfs.sh exit ${result.exitCode}):\n${String(result.stderr).split('\n').slice(-15).join('\n')}`, {
      hint: 'install debootstrap (apt-get install debootstrap) and make sure apt can reach a Debian mirror; or set HATCP_DEBIAN_MIRROR',
    });
  }
  const err = await imported.catch((e: unknown) => e);
  if (err instanceof Error) throw new HatcpError(`docker import of ${tag} failed: ${err.message}`, { cause: err });
  const info = await inspectImage(tag);
  if (!info) throw new HatcpError(`node image ${tag} missing after import`);
  return { ...info, tag, built: true };
}

/** Id and size of an image, or undefined when the engine does not have it. */
export async function inspectImage(tag: string): Promise<{ id: string; sizeBytes: number } | undefined> {
  try {
    const info = await docker().getImage(tag).inspect();
    return { id: info.Id, sizeBytes: info.Size };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
