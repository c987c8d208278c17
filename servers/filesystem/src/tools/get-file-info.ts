import type { Stats } from 'node:fs';
import { lstat, realpath } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { defineFilesystemTool } from '../app.js';
import { kindOf } from '../paths/entry-kind.js';
import { fsError } from '../paths/fs-errors.js';
import type { GuardedPath, PathGuard } from '../paths/path-guard.js';

/**
 * The symlink a path names with its last component, if it does and the link itself lies
 * inside an allowed directory. The parent is resolved first, so the link is looked at
 * where it really is; a link outside (an allowed directory given through a symlink) is
 * not described, only where it leads.
 */
async function symlinkNamedBy(guard: PathGuard, target: GuardedPath): Promise<Stats | undefined> {
  const parent = dirname(target.absolute);
  if (parent === target.absolute) return undefined;
  const realParent = await realpath(parent).catch(() => undefined);
  if (realParent === undefined) return undefined;
  const location = join(realParent, basename(target.absolute));
  if (!guard.contains(location)) return undefined;
  const info = await lstat(location).catch(() => undefined);
  return info?.isSymbolicLink() ? info : undefined;
}

async function lstatChecked(realPath: string, requested: string): Promise<Stats> {
  return lstat(realPath).catch((error: unknown) => fsError(error, requested));
}

export const getFileInfo = defineFilesystemTool({
  name: 'get_file_info',
  title: 'Get file info',
  description: 'File or directory metadata, without reading it. A symlink is described itself, with its target type.',
  toolset: 'files',
  input: z.strictObject({ path: z.string() }),
  output: z.object({
    path: z.string(),
    realPath: z.string().optional(),
    type: z.enum(['file', 'directory', 'symlink', 'other']),
    target: z.enum(['file', 'directory', 'other', 'missing']).optional(),
    size: z.number(),
    created: z.string().optional(),
    modified: z.string(),
    accessed: z.string(),
    permissions: z.string(),
    links: z.number(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ path }, ctx) {
    const guard = await ctx.app.guardFor(ctx);
    const target = await guard.resolve(path);
    const link = await symlinkNamedBy(guard, target);
    let info: Stats;
    let pointsTo: 'file' | 'directory' | 'other' | 'missing' | undefined;
    if (link) {
      info = link;
      // guard.resolve followed the link, so where it leads is inside and may be looked at.
      const leadsTo = await lstat(target.real).catch(() => undefined);
      const leadsToType = leadsTo === undefined ? 'missing' : kindOf(leadsTo);
      // A real path has no symlinks left; one appearing meanwhile is just "other".
      pointsTo = leadsToType === 'symlink' ? 'other' : leadsToType;
    } else {
      info = await lstatChecked(target.real, path);
    }
    const data = {
      path,
      ...(target.real !== target.absolute && { realPath: target.real }),
      type: kindOf(info),
      ...(pointsTo !== undefined && { target: pointsTo }),
      size: info.size,
      // Filesystems without a birth time report the epoch; saying nothing is more honest.
      ...(info.birthtimeMs > 0 && { created: info.birthtime.toISOString() }),
      modified: info.mtime.toISOString(),
      accessed: info.atime.toISOString(),
      permissions: (info.mode & 0o777).toString(8).padStart(3, '0'),
      links: info.nlink,
    };
    const text = Object.entries(data)
      .map(([key, value]) => `${key}: ${value}`)
      .join('\n');
    return { text, data };
  },
});
