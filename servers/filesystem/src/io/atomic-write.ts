import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, lstat, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { invalidInput } from '@mcpkit/core';
import { fsError } from '../paths/fs-errors.js';
import type { PathGuard } from '../paths/path-guard.js';
import { verifyDescriptor } from '../paths/verified-open.js';

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_RDONLY, O_DIRECTORY } = constants;

/** Suffix of the temporary file a write goes through; a crash may leave one behind. */
export const TEMP_SUFFIX = '.mcpkit-tmp';

export interface AtomicWriteResult {
  /** Whether the file did not exist before. */
  created: boolean;
  bytes: number;
}

/**
 * Replaces a checked file's content all at once: the data goes to a new temporary file in
 * the same directory (created exclusively, never through a symlink), is flushed to disk,
 * and is renamed over the target. A reader sees the old content or the new, never half;
 * a crash leaves the old file intact. The new file keeps the old one's permission bits.
 *
 * Renaming replaces the directory entry and never follows it, so a symlink swapped in at
 * the target is itself replaced, and a hard link to the old file keeps the old content.
 */
export async function writeFileAtomically(
  guard: PathGuard,
  realPath: string,
  data: string | Uint8Array,
  requested: string,
): Promise<AtomicWriteResult> {
  const existing = await lstat(realPath).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    fsError(error, requested, { unchanged: true });
  });
  if (existing?.isDirectory()) throw invalidInput(`${requested} is a directory; give a file path.`);
  if (existing && !existing.isFile() && !existing.isSymbolicLink()) {
    throw invalidInput(`${requested} is not a regular file (a device, socket or pipe), so it is not written.`);
  }
  const directory = dirname(realPath);
  // The temp name carries (the start of) the file's name so a leftover is recognisable, but
  // never so much that it outgrows NAME_MAX (255 bytes) where the file's own name fits:
  // 50 code points are at most 200 bytes in UTF-8.
  const stem = Array.from(basename(realPath)).slice(0, 50).join('');
  const tempPath = join(directory, `.${stem}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  let handle: FileHandle;
  try {
    handle = await open(tempPath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw invalidInput(`The directory of ${requested} does not exist. Create it first with create_directory.`);
    }
    fsError(error, requested, { unchanged: true });
  }
  try {
    // Created where the check said: a parent swapped for a symlink meanwhile shows here.
    await verifyDescriptor(guard, handle, tempPath, requested);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    await handle.writeFile(bytes);
    // umask shaped the temp file's mode; the result should have the old file's, or the
    // usual 0666-minus-umask of a new file.
    await handle.chmod(existing?.isFile() ? existing.mode & 0o7777 : 0o666 & ~process.umask());
    await handle.datasync();
    await handle.close();
    await rename(tempPath, realPath);
    await syncDirectory(directory);
    return { created: existing === undefined, bytes: bytes.byteLength };
  } catch (error) {
    await handle.close().catch(() => {});
    await unlink(tempPath).catch(() => {});
    fsError(error, requested, { unchanged: true });
  }
}

/** Makes the rename itself durable: without this a power cut can lose the new entry. */
export async function syncDirectory(directory: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(directory, O_RDONLY | O_DIRECTORY);
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the data itself is already synced.
  } finally {
    await handle?.close();
  }
}
