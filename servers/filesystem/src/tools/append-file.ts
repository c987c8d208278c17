import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { conflict, invalidInput, isMcpKitError } from '@mcpkit/core';
import { z } from 'zod';
import { defineFilesystemTool } from '../app.js';
import { type HeldDirectory, holdDirectory } from '../paths/directory-entry.js';
import { fsError } from '../paths/fs-errors.js';
import type { PathGuard } from '../paths/path-guard.js';
import { openFileForAppending } from '../paths/verified-open.js';

const { O_WRONLY, O_APPEND, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK } = constants;

export const appendFile = defineFilesystemTool({
  name: 'append_file',
  title: 'Append to a file',
  description: 'Adds text to the end of a file (created if missing). Nothing is inserted in between: include your own newlines.',
  toolset: 'files',
  input: z.strictObject({ path: z.string(), content: z.string() }),
  output: z.object({ path: z.string(), bytesAppended: z.number(), size: z.number(), created: z.boolean() }),
  // Additive: what was in the file stays. Not idempotent: each call adds again.
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async handler({ path, content }, ctx) {
    const guard = await ctx.app.guardFor(ctx);
    const target = await guard.resolve(path);
    const data = Buffer.from(content, 'utf8');
    // Two rounds: a file created or removed by someone else between our attempts is
    // appended to or created, never overwritten.
    for (let round = 0; round < 2; round++) {
      const existing = await openExisting(guard, target.real, path);
      if (existing) {
        const size = await appendAndSync(existing, data, path);
        return reply(path, target.real, data.byteLength, size, false);
      }
      const created = await createExclusively(guard, target.real, path);
      if (created) {
        try {
          const size = await appendAndSync(created.handle, data, path);
          await created.dir.sync();
          return reply(path, target.real, data.byteLength, size, true);
        } finally {
          await created.dir.close();
        }
      }
    }
    throw conflict(`${path} kept appearing and disappearing while appending. Try again.`);
  },
});

function reply(requested: string, real: string, bytesAppended: number, size: number, created: boolean) {
  const how = created ? 'new file' : `now ${size.toLocaleString('en-US')} bytes`;
  return {
    text: `Appended ${bytesAppended.toLocaleString('en-US')} bytes to ${requested} (${how}).`,
    data: { path: real, bytesAppended, size, created },
  };
}

/** The file opened for appending (verified, hard links refused), or undefined if it does not exist. */
async function openExisting(guard: PathGuard, real: string, requested: string): Promise<FileHandle | undefined> {
  try {
    return (await openFileForAppending(guard, real, requested)).handle;
  } catch (error) {
    if (isMcpKitError(error) && error.code === 'not_found') return undefined;
    throw error;
  }
}

/**
 * Creates the file exclusively (`O_EXCL|O_NOFOLLOW`: a file or symlink planted meanwhile
 * makes this fail instead of being followed or truncated) inside its directory held open
 * and verified, so the new file lies where the check said. Undefined if it appeared.
 */
async function createExclusively(
  guard: PathGuard,
  real: string,
  requested: string,
): Promise<{ handle: FileHandle; dir: HeldDirectory } | undefined> {
  const dir = await holdDirectory(guard, dirname(real)).catch((error: unknown) => {
    if (isMcpKitError(error) && error.code === 'not_found') {
      throw invalidInput(`The directory of ${requested} does not exist. Create it first with create_directory.`);
    }
    throw error;
  });
  try {
    // The kernel applies the umask to 0o666, as for any new file.
    const handle = await open(dir.entry(basename(real)), O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW | O_NONBLOCK, 0o666);
    return { handle, dir };
  } catch (error) {
    await dir.close();
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    fsError(error, requested);
  }
}

/** Appends, flushes to disk before answering, and returns the new size. */
async function appendAndSync(handle: FileHandle, data: Buffer, requested: string): Promise<number> {
  try {
    await handle.writeFile(data);
    await handle.datasync();
    return (await handle.stat()).size;
  } catch (error) {
    fsError(error, requested);
  } finally {
    await handle.close();
  }
}
