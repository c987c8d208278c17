import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import type { ToolContext } from '@mcpkit/core';
import { z } from 'zod';
import { defineFilesystemTool, type FilesystemApp } from '../app.js';
import { mapLimited } from '../io/map-limited.js';
import { type EntryKind, kindOf } from '../paths/entry-kind.js';
import { readDirectoryVerified } from '../paths/verified-open.js';

const entryType = z.enum(['file', 'directory', 'symlink', 'other']);
const TAGS: Record<EntryKind, string> = { file: '[FILE]', directory: '[DIR]', symlink: '[LINK]', other: '[OTHER]' };
/** A fixed locale, so the order does not depend on the machine the server runs on. */
const byName = new Intl.Collator('en').compare;
/** lstat calls in flight at once for the sizes: enough to overlap them, few enough for the fd limit. */
const STAT_CONCURRENCY = 32;

const annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;

interface Listing {
  real: string;
  entries: Array<{ name: string; type: EntryKind }>;
  /** Entries in the directory, including those past the limit. */
  total: number;
  truncated: boolean;
}

/** One level of a checked directory, sorted by name, cut at the entry limit. */
async function listOneLevel(path: string, ctx: ToolContext<FilesystemApp>): Promise<Listing> {
  const guard = await ctx.app.guardFor(ctx);
  const target = await guard.resolve(path);
  const dirents = await readDirectoryVerified(guard, target.real, path);
  const entries = dirents.map((dirent) => ({ name: dirent.name, type: kindOf(dirent) })).sort((a, b) => byName(a.name, b.name));
  const { maxEntries } = ctx.app.limits;
  const truncated = entries.length > maxEntries;
  return { real: target.real, entries: truncated ? entries.slice(0, maxEntries) : entries, total: entries.length, truncated };
}

function cutNote(listing: Listing): string {
  return `[${listing.total - listing.entries.length} more entries not shown: the limit is ${listing.entries.length}. Use search_files to find what you need.]`;
}

export const listDirectory = defineFilesystemTool({
  name: 'list_directory',
  title: 'List directory',
  description: 'One directory level, sorted by name: [DIR], [FILE], [LINK] (symlink, not followed).',
  toolset: 'directories',
  input: z.strictObject({ path: z.string() }),
  output: z.object({
    path: z.string(),
    entries: z.array(z.object({ name: z.string(), type: entryType })),
    truncated: z.boolean(),
  }),
  annotations,
  async handler({ path }, ctx) {
    const listing = await listOneLevel(path, ctx);
    const lines = listing.entries.map((entry) => `${TAGS[entry.type]} ${entry.name}`);
    if (lines.length === 0) lines.push(`${path} is empty.`);
    if (listing.truncated) lines.push(cutNote(listing));
    return { text: lines.join('\n'), data: { path, entries: listing.entries, truncated: listing.truncated } };
  },
});

/** Sizes as the reference server shows them: bytes below 1 KB, then two decimals. */
export function formatSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  if (bytes <= 0) return '0 B';
  const unit = Math.min(Math.floor(Math.log(bytes) / Math.log(1024)), units.length - 1);
  return unit === 0 ? `${bytes} B` : `${(bytes / 1024 ** unit).toFixed(2)} ${units[unit]}`;
}

/** lstat of every entry, a bounded number at a time; an entry that vanished meanwhile gets none. */
function statAll(directory: string, names: readonly string[]): Promise<Array<Stats | undefined>> {
  const base = directory.endsWith('/') ? directory : `${directory}/`;
  // lstat of a name inside a real directory never leaves it: the last component is not followed.
  return mapLimited(names, STAT_CONCURRENCY, (name) => lstat(base + name).catch(() => undefined));
}

export const listDirectoryWithSizes = defineFilesystemTool({
  name: 'list_directory_with_sizes',
  title: 'List directory with sizes',
  description: 'list_directory plus sizes, modification times and totals; sortBy size: largest first.',
  toolset: 'directories',
  input: z.strictObject({ path: z.string(), sortBy: z.enum(['name', 'size']).default('name') }),
  output: z.object({
    path: z.string(),
    entries: z.array(z.object({ name: z.string(), type: entryType, size: z.number().optional(), modified: z.string().optional() })),
    totalFiles: z.number(),
    totalDirectories: z.number(),
    totalSize: z.number(),
    truncated: z.boolean(),
  }),
  annotations,
  async handler({ path, sortBy }, ctx) {
    const listing = await listOneLevel(path, ctx);
    const stats = await statAll(
      listing.real,
      listing.entries.map((entry) => entry.name),
    );
    const entries = listing.entries.map((entry, index) => {
      const info = stats[index];
      return {
        ...entry,
        ...(info && entry.type !== 'directory' && { size: info.size }),
        ...(info && { modified: info.mtime.toISOString() }),
      };
    });
    // Largest first, as the reference server does; equal sizes keep name order (the sort is stable).
    if (sortBy === 'size') entries.sort((a, b) => (b.size ?? 0) - (a.size ?? 0));
    const directories = entries.filter((entry) => entry.type === 'directory').length;
    const totalSize = entries.reduce((sum, entry) => sum + (entry.size ?? 0), 0);
    const lines = entries.map((entry) =>
      entry.type === 'directory' ? `${TAGS.directory} ${entry.name}` : `${TAGS[entry.type]} ${entry.name}  ${formatSize(entry.size ?? 0)}`,
    );
    if (listing.truncated) lines.push(cutNote(listing));
    lines.push('', `Total: ${entries.length - directories} files, ${directories} directories`, `Combined size: ${formatSize(totalSize)}`);
    return {
      text: lines.join('\n'),
      data: {
        path,
        entries,
        totalFiles: entries.length - directories,
        totalDirectories: directories,
        totalSize,
        truncated: listing.truncated,
      },
    };
  },
});
