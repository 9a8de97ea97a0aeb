import { execa } from 'execa';
import { readFile } from 'node:fs/promises';
import { docker } from './client.js';

/**
 * Reads a file from a container, running or stopped (the archive API needs no process in it);
 * '' when it is not there.
 */
export async function readFromContainer(containerId: string, path: string): Promise<string> {
  try {
    const archive = await docker().getContainer(containerId).getArchive({ path });
    const r = await execa('tar', ['-xO'], { input: archive as unknown as NodeJS.ReadableStream, reject: false, maxBuffer: 1024 * 1024 * 1024 } as never);
    return String((r as { stdout: unknown }).stdout ?? '');
  } catch {
    return '';
  }
}

/**
 * Reads a file of a running container through its init process's root (`/proc/<pid>/root`):
 * no exec and no archive, so it can be polled without loading the machine. '' when it is not there.
 */
export async function readLiveFile(pid: number, path: string): Promise<string> {
  try {
    return await readFile(`/proc/${pid}/root${path}`, 'utf8');
  } catch {
    return '';
  }
}
