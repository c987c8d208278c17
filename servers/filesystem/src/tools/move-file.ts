import type { Stats } from 'node:fs';
import { link, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { conflict, invalidInput, isMcpKitError, notFound } from '@mcpkit/core';
import { z } from 'zod';
import { defineFilesystemTool } from '../app.js';
import { isWithin } from '../paths/allowed-directories.js';
import { type HeldDirectory, holdDirectory, lstatEntry, resolveEntry } from '../paths/directory-entry.js';
import { kindOf } from '../paths/entry-kind.js';
import { fsError } from '../paths/fs-errors.js';
import type { PathGuard } from '../paths/path-guard.js';

/** Errors that mean "no hard links here", not "something is wrong": fall back to rename. */
const NO_LINK = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'ENOSYS']);

export const moveFile = defineFilesystemTool({
  name: 'move_file',
  title: 'Move or rename',
  description: 'Moves or renames a file or directory (a symlink: the link itself). Never overwrites: fails if the destination exists.',
  toolset: 'files',
  input: z.strictObject({ source: z.string(), destination: z.string() }),
  output: z.object({ source: z.string(), destination: z.string(), kind: z.enum(['file', 'directory', 'symlink', 'other']) }),
  // Destructive although nothing is overwritten: the spec's opposite is "only additive", and
  // a move takes the entry away from where everything that refers to it looks for it.
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async handler({ source, destination }, ctx) {
    const guard = await ctx.app.guardFor(ctx);
    const from = await resolveEntry(guard, source, 'moved');
    const to = await resolveEntry(guard, destination, 'replaced');
    if (isWithin(to.real, from.real)) {
      throw invalidInput(
        to.real === from.real ? `${source} and ${destination} are the same place.` : `Cannot move ${source} into itself (${destination}).`,
      );
    }
    const fromDir = await holdOr(guard, from.parentReal, `${source} does not exist. Check the path with list_directory or search_files.`);
    let toDir: HeldDirectory | undefined;
    try {
      toDir = await holdOr(guard, to.parentReal, `The directory of ${destination} does not exist. Create it first with create_directory.`);
      const src = fromDir.entry(from.name);
      const dst = toDir.entry(to.name);
      const info = await lstatEntry(src, source);
      if (!info) throw notFound(`${source} does not exist. Check the path with list_directory or search_files.`);
      await assertFree(dst, destination);
      await moveEntry(src, dst, info, source, destination);
      await fromDir.sync();
      if (to.parentReal !== from.parentReal) await toDir.sync();
      const kind = kindOf(info);
      return {
        text: `Moved ${kind === 'other' ? '' : `${kind} `}${source} to ${destination}.`,
        data: { source: from.real, destination: to.real, kind },
      };
    } finally {
      await toDir?.close();
      await fromDir.close();
    }
  },
});

/** The directory held open, or a not-found error in the words given. */
function holdOr(guard: PathGuard, real: string, missing: string): Promise<HeldDirectory> {
  return holdDirectory(guard, real).catch((error: unknown) => {
    throw isMcpKitError(error) && error.code === 'not_found' ? notFound(missing) : error;
  });
}

async function assertFree(dst: string, destination: string): Promise<void> {
  const existing = await lstatEntry(dst, destination);
  if (existing) throw occupied(destination, existing);
}

function occupied(destination: string, existing?: Stats): Error {
  const what = existing
    ? { file: 'a file', directory: 'a directory', symlink: 'a symbolic link', other: 'something' }[kindOf(existing)]
    : 'something';
  const next = existing?.isDirectory()
    ? `To move into it, give the full new path (${join(destination, '<name>')}).`
    : 'Pick another name, or delete it first if it should go.';
  return conflict(`${destination} already exists (${what}); move_file never overwrites. ${next}`);
}

/**
 * A regular file moves by `link` + `unlink`: `link` fails if the destination exists, so
 * "never overwrite" holds even against a file created a moment before. Where hard links
 * are impossible (some filesystems) and for directories and symlinks (whose `link` is
 * not portable), `rename` follows a fresh check: the window left is a few microseconds,
 * and in it rename could only replace an empty directory or a file with another file.
 */
async function moveEntry(src: string, dst: string, info: Stats, source: string, destination: string): Promise<void> {
  if (info.isFile()) {
    try {
      await link(src, dst);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (code === 'EEXIST') throw occupied(destination, await lstatEntry(dst, destination));
      if (code === 'EXDEV') throw crossDevice(source, destination);
      if (!NO_LINK.has(code)) fsError(error, source);
      return renameChecked(src, dst, source, destination);
    }
    try {
      await unlink(src);
    } catch (error) {
      // Leave things as they were rather than with two names.
      await unlink(dst).catch(() => {});
      fsError(error, source);
    }
    return;
  }
  return renameChecked(src, dst, source, destination);
}

async function renameChecked(src: string, dst: string, source: string, destination: string): Promise<void> {
  await assertFree(dst, destination);
  try {
    await rename(src, dst);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EXDEV') throw crossDevice(source, destination);
    if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'EISDIR' || code === 'ENOTDIR') await assertFree(dst, destination);
    if (code === 'EINVAL') throw invalidInput(`Cannot move ${source} into itself (${destination}).`);
    fsError(error, source);
  }
}

function crossDevice(source: string, destination: string): Error {
  return invalidInput(
    `${source} and ${destination} are on different filesystems, and move_file only renames. Copy the content with read_text_file and write_file, then delete the source.`,
  );
}
