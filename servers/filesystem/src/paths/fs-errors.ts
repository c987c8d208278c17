import { conflict, forbidden, invalidInput, isMcpKitError, notFound } from '@mcpkit/core';

export interface FsErrorOptions {
  /** Say that nothing was changed (for writes that failed part-way and were rolled back). */
  unchanged?: boolean;
}

/**
 * Operating-system refusals in words a model can act on — one mapping for every tool, so
 * the same failure reads the same whichever tool met it. mcpkit errors pass through; an
 * unknown failure stays internal (core answers it with a generic message and logs it).
 */
export function fsError(error: unknown, requested: string, options: FsErrorOptions = {}): never {
  if (isMcpKitError(error)) throw error;
  const tail = options.unchanged ? ' Nothing was changed.' : '';
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      throw notFound(`${requested} does not exist. Check the path with list_directory or search_files.${tail}`);
    case 'ENOTDIR':
      throw invalidInput(`${requested}: a part of the path is a file, not a directory.${tail}`);
    case 'EISDIR':
      throw invalidInput(`${requested} is a directory, not a file. Use list_directory for directories.${tail}`);
    case 'ELOOP':
    case 'EMLINK':
      // Opened with O_NOFOLLOW after the check: the entry was swapped for a symlink meanwhile.
      throw forbidden(`Access denied: ${requested} became a symbolic link after it was checked. Try again.${tail}`);
    case 'EACCES':
    case 'EPERM':
      throw forbidden(`Permission denied by the operating system for ${requested}.${tail}`);
    case 'EROFS':
      throw forbidden(`${requested} is on a read-only filesystem.${tail}`);
    case 'EBUSY':
      throw conflict(`${requested} is in use (a mount point or busy), so it was left alone.${tail}`);
    case 'ENAMETOOLONG':
      throw invalidInput(`${requested}: a file name is too long for the filesystem (at most 255 bytes).${tail}`);
    case 'ENOSPC':
    case 'EDQUOT':
      throw conflict(`No space left on the device (or quota) for ${requested}.${tail}`);
    case 'EFBIG':
      throw invalidInput(`The content is larger than the filesystem allows for ${requested}.${tail}`);
    default:
      throw error;
  }
}
