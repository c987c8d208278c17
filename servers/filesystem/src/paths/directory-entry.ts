import type { Dirent, Stats } from 'node:fs';
import { constants } from 'node:fs';
import { type FileHandle, lstat, open, readdir, rmdir, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { conflict, forbidden, notFound } from '@mcpkit/core';
import { isWithin } from './allowed-directories.js';
import { fsError } from './fs-errors.js';
import type { PathGuard } from './path-guard.js';
import { hasProcFd, verifyDescriptor } from './verified-open.js';

// Entries acted on as themselves. Deleting and moving work on a directory entry, never on
// what a symlink there points to, so the final component is not followed: its parent goes
// through the guard and is then held open, and the entry is named through that descriptor.

/** A path whose final component is taken as it is (a symlink is the link itself). */
export interface GuardedEntry {
  requested: string;
  /** Absolute and normalised, nothing followed. */
  absolute: string;
  /** The entry's name in its directory. */
  name: string;
  /** The directory holding it, every symlink followed, inside an allowed directory. */
  parentReal: string;
  /** `parentReal` + `name`: the entry itself. */
  real: string;
}

/**
 * Checks a path for an operation on the entry itself: the guard's string checks, then the
 * parent directory through the guard. An allowed
 * directory itself, or an entry holding one, is refused: removing or moving it would pull
 * the ground from under the server's own configuration.
 */
export async function resolveEntry(guard: PathGuard, requested: string, verb: string): Promise<GuardedEntry> {
  const absolute = guard.toAbsolute(requested);
  const isRoot = guard.directories.find((d) => d.given === absolute || d.real === absolute);
  if (isRoot) {
    throw forbidden(`${requested} is an allowed directory itself, so it cannot be ${verb}. Work with the entries inside it instead.`);
  }
  const name = basename(absolute);
  if (name === '') throw forbidden(`${requested} is the filesystem root, which is never ${verb}.`);
  const parent = await guard.resolve(dirname(absolute));
  const real = join(parent.real, name);
  const held = guard.directories.find((d) => isWithin(d.real, real) || isWithin(d.given, absolute));
  if (held) throw forbidden(`${requested} holds the allowed directory ${held.given}, so it cannot be ${verb}.`);
  return { requested, absolute, name, parentReal: parent.real, real };
}

/** A directory held open, so its entries are named through the descriptor, not the path. */
export interface HeldDirectory {
  /** The real path it was opened at. */
  real: string;
  /**
   * A path naming `name` in exactly this directory: on Linux through `/proc/self/fd/N`, so
   * a component above swapped for a symlink after the check cannot redirect the operation.
   */
  entry(name: string): string;
  /** Opens the subdirectory `name` the same way (never through a symlink). */
  child(name: string): Promise<HeldDirectory>;
  /** The entries of exactly this directory (read through its descriptor on Linux). */
  list(): Promise<Dirent[]>;
  /** Makes entries created or removed here durable; never throws. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens a checked directory (`O_NOFOLLOW`: a final symlink swapped in fails to open) and
 * verifies that the descriptor lies inside an allowed directory, as verified-open does for
 * files. Without /proc the path must still resolve to itself with the same inode.
 */
export function holdDirectory(guard: PathGuard, real: string): Promise<HeldDirectory> {
  return openHeld(guard, real, real);
}

async function openHeld(guard: PathGuard, openPath: string, real: string): Promise<HeldDirectory> {
  let handle: FileHandle;
  try {
    handle = await open(openPath, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw notFound(`The directory ${real} does not exist. Check the path with list_directory.`);
    if (code === 'ENOTDIR' || code === 'ELOOP') {
      // O_NOFOLLOW|O_DIRECTORY on a symlink fails with ENOTDIR too: tell the two apart.
      const info = await lstat(openPath).catch(() => undefined);
      if (info?.isSymbolicLink() || code === 'ELOOP') {
        throw forbidden(`Access denied: ${real} became a symbolic link after it was checked. Try again.`);
      }
      throw conflict(`${real} is a file, not a directory.`);
    }
    fsError(error, real);
  }
  try {
    await verifyDescriptor(guard, handle, real, real);
  } catch (error) {
    await handle.close();
    throw error;
  }
  const viaProc = hasProcFd();
  const held: HeldDirectory = {
    real,
    entry: (name) => (viaProc ? `/proc/self/fd/${handle.fd}/${name}` : join(real, name)),
    child: (name) => openHeld(guard, held.entry(name), join(real, name)),
    list: () => readdir(viaProc ? `/proc/self/fd/${handle.fd}` : real, { withFileTypes: true }),
    sync: async () => {
      // Some filesystems refuse fsync on a directory; the operation itself has happened.
      await handle.sync().catch(() => {});
    },
    close: () => handle.close(),
  };
  return held;
}

/** lstat of an entry, `undefined` if there is none. */
export async function lstatEntry(path: string, requested: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    fsError(error, requested);
  }
}

/**
 * Removes the directory `name` of a held directory with everything beneath it, never by
 * path. Each level is opened through the level above (`O_NOFOLLOW`, verified) and emptied
 * through its own descriptor, so a subdirectory swapped for a symlink halfway is refused
 * (it fails to open) instead of followed — `fs.rm` works by path names, and a swap between
 * its steps would send it to wherever the link points. Symlinks are unlinked, never followed.
 * A failure stops the removal where it is; nothing outside is touched.
 */
export async function removeTree(parent: HeldDirectory, name: string, signal?: AbortSignal): Promise<void> {
  const dir = await parent.child(name);
  try {
    for (const entry of await dir.list()) {
      signal?.throwIfAborted();
      if (entry.isDirectory()) await removeTree(dir, entry.name, signal);
      else await unlink(dir.entry(entry.name));
    }
  } finally {
    await dir.close();
  }
  await rmdir(parent.entry(name));
}
