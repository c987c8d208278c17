import { lstat, mkdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { conflict, forbidden } from '@mcpkit/core';
import { z } from 'zod';
import { defineFilesystemTool } from '../app.js';
import { type HeldDirectory, holdDirectory } from '../paths/directory-entry.js';
import { fsError } from '../paths/fs-errors.js';

export const createDirectory = defineFilesystemTool({
  name: 'create_directory',
  title: 'Create a directory',
  description: 'Creates a directory and any missing parents (mkdir -p). Succeeds if it already exists.',
  toolset: 'directories',
  input: z.strictObject({ path: z.string() }),
  output: z.object({ path: z.string(), created: z.array(z.string()) }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ path }, ctx) {
    const guard = await ctx.app.guardFor(ctx);
    // The guard follows symlinks, dangling ones too, to where the directory would land; a
    // dangling link to outside is refused here, before anything is created.
    const target = await guard.resolve(path);
    const root = guard.rootOf(target.real);
    if (!root) throw forbidden(`Access denied: ${path} is outside the allowed directories.`);
    const created: string[] = [];
    // One component at a time from the allowed directory down, each created inside the
    // one before it held open (never `mkdir -p` through a path a swap could redirect).
    let dir: HeldDirectory = await holdDirectory(guard, root.real);
    try {
      for (const part of relative(root.real, target.real).split(sep).filter(Boolean)) {
        const here = join(dir.real, part);
        try {
          await mkdir(dir.entry(part));
          created.push(here);
          await dir.sync();
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') fsError(error, path);
          const info = await lstat(dir.entry(part));
          if (info.isSymbolicLink()) throw forbidden(`Access denied: ${here} became a symbolic link after it was checked. Try again.`);
          if (!info.isDirectory()) throw conflict(`Cannot create ${path}: ${here} is a file, not a directory.`);
        }
        const next = await dir.child(part);
        await dir.close();
        dir = next;
      }
    } finally {
      await dir.close();
    }
    // What now stands at the path must still be the checked place.
    const check = await guard.resolve(path);
    if (check.real !== target.real) throw forbidden(`Access denied: ${path} changed while it was being created. Try again.`);
    const text =
      created.length === 0
        ? `${path} already exists as a directory; nothing to do.`
        : `Created ${path}${created.length > 1 ? ` (with ${created.length - 1} missing parent director${created.length === 2 ? 'y' : 'ies'})` : ''}.`;
    return { text, data: { path: target.real, created } };
  },
});
