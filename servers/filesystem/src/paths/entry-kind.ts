import type { Dirent, Stats } from 'node:fs';

/** What an entry is, in the words every result uses. */
export type EntryKind = 'file' | 'directory' | 'symlink' | 'other';

/** The kind of a directory entry or an lstat result (both answer the same questions). */
export function kindOf(entry: Pick<Dirent | Stats, 'isFile' | 'isDirectory' | 'isSymbolicLink'>): EntryKind {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'directory';
  if (entry.isSymbolicLink()) return 'symlink';
  return 'other';
}
