import { constants, type Dirent, readlinkSync, type Stats, statSync } from 'node:fs';
import { type FileHandle, lstat, open, readdir, realpath, stat } from 'node:fs/promises';
import { forbidden, invalidInput } from '@mcpkit/core';
import { fsError } from './fs-errors.js';
import type { PathGuard } from './path-guard.js';

const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK, O_DIRECTORY } = constants;

/** Whether this system names an open descriptor's file under /proc/self/fd (Linux). */
let procFd: boolean | undefined;
export function hasProcFd(): boolean {
  if (procFd === undefined) {
    try {
      procFd = statSync('/proc/self/fd').isDirectory();
    } catch {
      procFd = false;
    }
  }
  return procFd;
}

/**
 * Proves the descriptor we hold is the file that was checked. On Linux the kernel names
 * an open descriptor's file under /proc/self/fd, so a swap of any component between the
 * check and the open (leaf or parent directory turned into a symlink to outside) shows up
 * as a path outside the allowed directories. Elsewhere, the path must still resolve to
 * itself (no symlink appeared) and to the same device and inode as the descriptor.
 *
 * The /proc name is read synchronously: procfs answers from memory, and a walk verifies
 * every directory it opens, so a thread-pool round trip each would be most of its cost.
 */
export async function verifyDescriptor(guard: PathGuard, handle: FileHandle, checkedPath: string, requested: string): Promise<void> {
  let openedPath: string;
  if (hasProcFd()) {
    openedPath = readlinkSync(`/proc/self/fd/${handle.fd}`);
  } else {
    const [info, real] = await Promise.all([handle.stat(), realpath(checkedPath)]);
    const now = await stat(real);
    openedPath = now.dev === info.dev && now.ino === info.ino ? real : '';
  }
  if (openedPath !== checkedPath && !guard.contains(openedPath)) {
    throw forbidden(`Access denied: ${requested} changed while it was being opened and now leads outside the allowed directories.`);
  }
}

export interface VerifiedFile {
  handle: FileHandle;
  info: Stats;
}

/**
 * Opens a checked path for reading without following a final symlink, refuses anything
 * but a regular file (a FIFO or device could hang or never end), and verifies the opened
 * descriptor. `O_NONBLOCK` keeps a FIFO swapped in from blocking the open.
 */
export async function openFileForReading(guard: PathGuard, realPath: string, requested: string): Promise<VerifiedFile> {
  let handle: FileHandle;
  try {
    handle = await open(realPath, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    fsError(error, requested);
  }
  try {
    await verifyDescriptor(guard, handle, realPath, requested);
    const info = await handle.stat();
    if (info.isDirectory()) throw invalidInput(`${requested} is a directory, not a file. Use list_directory for directories.`);
    if (!info.isFile()) throw invalidInput(`${requested} is not a regular file (a device, socket or pipe), so it is not read.`);
    return { handle, info };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * Opens a file for writing in place (append), with the same checks as reading. Files with
 * other hard links are refused: an in-place write would change every name of the file,
 * and the other names may lie outside the allowed directories.
 */
export async function openFileForAppending(guard: PathGuard, realPath: string, requested: string): Promise<VerifiedFile> {
  let handle: FileHandle;
  try {
    handle = await open(realPath, constants.O_WRONLY | constants.O_APPEND | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    fsError(error, requested);
  }
  try {
    await verifyDescriptor(guard, handle, realPath, requested);
    const info = await handle.stat();
    if (!info.isFile()) throw invalidInput(`${requested} is not a regular file, so nothing is appended.`);
    if (info.nlink > 1) {
      throw forbidden(
        `${requested} has ${info.nlink - 1} other hard link(s); appending in place would change them too, and they may lie outside the allowed directories. Use write_file to replace it instead.`,
      );
    }
    return { handle, info };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * Lists a checked directory. On Linux the directory is opened (no final symlink
 * followed), verified, and read through its descriptor's /proc name, so what is listed is
 * exactly the directory that was checked even if the path is swapped meanwhile.
 */
export async function readDirectoryVerified(guard: PathGuard, realPath: string, requested: string): Promise<Dirent[]> {
  let handle: FileHandle;
  try {
    handle = await open(realPath, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') {
      // O_NOFOLLOW|O_DIRECTORY on a symlink also fails with ENOTDIR: tell the two apart.
      const info = await lstat(realPath).catch(() => undefined);
      if (info?.isSymbolicLink()) fsError(Object.assign(new Error('symlink'), { code: 'ELOOP' }), requested);
      throw invalidInput(`${requested} is a file, not a directory. Use read_text_file for files.`);
    }
    fsError(error, requested);
  }
  try {
    await verifyDescriptor(guard, handle, realPath, requested);
    const source = hasProcFd() ? `/proc/self/fd/${handle.fd}` : realPath;
    return await readdir(source, { withFileTypes: true });
  } finally {
    await handle.close();
  }
}
