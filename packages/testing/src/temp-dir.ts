import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempDir {
  path: string;
  /** A path inside the directory. */
  join(...parts: string[]): string;
  remove(): Promise<void>;
}

/** A fresh directory under the OS temp dir, removed by `remove()`. */
export async function makeTempDir(prefix = 'mcpkit-'): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, join: (...parts) => join(path, ...parts), remove: () => rm(path, { recursive: true, force: true }) };
}
