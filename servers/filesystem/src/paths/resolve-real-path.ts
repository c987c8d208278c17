import { lstat, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** Linux's own limit on symlinks followed while resolving one path. */
const MAX_SYMLINK_HOPS = 40;

export class SymlinkLoopError extends Error {
  override readonly name = 'SymlinkLoopError';
}

/**
 * Where `path` really leads, following every symlink, even where the path does not exist
 * yet: the deepest part that exists is resolved and the rest appended. A dangling symlink
 * is followed to where its target would be, so writing "through" it is checked against
 * the place the write would actually land, not the link's own location.
 */
export async function resolveRealPath(path: string, hops = 0): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new SymlinkLoopError(`too many levels of symbolic links at ${path}`);
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
  }
  const info = await lstat(path).catch(() => undefined);
  if (info?.isSymbolicLink()) {
    if (hops >= MAX_SYMLINK_HOPS) throw new SymlinkLoopError(`too many levels of symbolic links at ${path}`);
    const target = await readlink(path);
    return resolveRealPath(resolve(dirname(path), target), hops + 1);
  }
  const parent = dirname(path);
  if (parent === path) return path;
  return join(await resolveRealPath(parent, hops), basename(path));
}
