import { realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, resolve, sep } from 'node:path';

/** One directory the server may touch: as the user named it, and where it really is. */
export interface AllowedDirectory {
  /** Absolute, normalised, as configured (may go through a symlink, like macOS /tmp). */
  given: string;
  /** The same directory with every symlink resolved: what containment is checked against. */
  real: string;
}

/** `~` and `~/x` mean the user's home, as a shell would expand them. */
export function expandHome(path: string): string {
  if (path === '~') return homedir();
  if (path.startsWith(`~${sep}`) || path.startsWith('~/')) return resolve(homedir(), path.slice(2));
  return path;
}

/**
 * Whether `path` is `root` or lies beneath it. Both must be absolute and normalised. The
 * separator boundary is what keeps `/a/proj2` and `/a/proj.bak` out of `/a/proj`.
 */
export function isWithin(path: string, root: string): boolean {
  if (path === root) return true;
  const prefix = root.endsWith(sep) ? root : root + sep;
  return path.startsWith(prefix);
}

export interface ResolvedDirectories {
  directories: AllowedDirectory[];
  /** One readable line per directory that could not be used. */
  problems: string[];
}

/**
 * Resolves configured or client-offered directories to their real locations, once, so
 * every later check compares real paths. A directory that does not exist, cannot be read
 * or is not a directory is reported, not silently dropped; duplicates collapse.
 */
export async function resolveAllowedDirectories(paths: readonly string[]): Promise<ResolvedDirectories> {
  const directories: AllowedDirectory[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const raw of paths) {
    if (raw.includes('\0')) {
      problems.push(`${JSON.stringify(raw)} contains a null byte`);
      continue;
    }
    const expanded = expandHome(raw.trim());
    if (!isAbsolute(expanded) && expanded === '') continue;
    const given = resolve(expanded);
    try {
      const real = await realpath(given);
      if (!(await stat(real)).isDirectory()) {
        problems.push(`${given} is not a directory`);
        continue;
      }
      if (seen.has(real)) continue;
      seen.add(real);
      directories.push({ given, real });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problems.push(code === 'ENOENT' ? `${given} does not exist` : `${given} cannot be read (${code ?? 'error'})`);
    }
  }
  return { directories, problems };
}
