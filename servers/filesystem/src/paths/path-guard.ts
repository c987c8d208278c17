import { isAbsolute, resolve } from 'node:path';
import { forbidden, invalidInput } from '@mcpkit/core';
import { type AllowedDirectory, expandHome, isWithin } from './allowed-directories.js';
import { resolveRealPath, SymlinkLoopError } from './resolve-real-path.js';

/** A path the caller gave, checked: where it really leads, inside an allowed directory. */
export interface GuardedPath {
  /** What the caller sent, for messages. */
  requested: string;
  /** Absolute and normalised, symlinks not yet followed. */
  absolute: string;
  /** With every symlink followed: the only form any operation may use. */
  real: string;
}

/** Longest path accepted: PATH_MAX on Linux. */
const MAX_PATH_LENGTH = 4096;

/**
 * The one gate between a path from the client and the filesystem. It refuses null bytes,
 * Windows-style paths on POSIX and anything that ends up outside the allowed directories
 * — lexically (`..`, absolute paths, prefix siblings) or once symlinks are followed (leaf,
 * parent, chained, dangling). It checks paths; `openVerified` then checks the file that
 * was actually opened, which catches a swap between the two.
 */
export class PathGuard {
  constructor(readonly directories: readonly AllowedDirectory[]) {}

  /** The allowed directories as the user knows them, for messages and listings. */
  describe(): string {
    return this.directories.map((directory) => directory.given).join(', ');
  }

  /** Whether a real (symlink-free) path lies inside an allowed directory. */
  contains(realPath: string): boolean {
    return this.directories.some((directory) => isWithin(realPath, directory.real));
  }

  /** The allowed directory a real path lies in, if any. */
  rootOf(realPath: string): AllowedDirectory | undefined {
    return this.directories.find((directory) => isWithin(realPath, directory.real));
  }

  /** Resolves and checks a path; throws a clear error naming what was wrong. */
  async resolve(requested: string): Promise<GuardedPath> {
    const absolute = this.toAbsolute(requested);
    const lexicallyInside = this.directories.some((d) => isWithin(absolute, d.given) || isWithin(absolute, d.real));
    if (!lexicallyInside) {
      throw forbidden(
        `Access denied: ${requested} is outside the allowed directories (${this.describe()}). Use a path inside one of them; list_allowed_directories shows them.`,
      );
    }
    let real: string;
    try {
      real = await resolveRealPath(absolute);
    } catch (error) {
      if (error instanceof SymlinkLoopError) throw invalidInput(`Cannot resolve ${requested}: ${error.message}.`);
      throw error;
    }
    if (!this.contains(real)) {
      throw forbidden(
        `Access denied: ${requested} leads through a symbolic link to a place outside the allowed directories (${this.describe()}). Symbolic links may only point inside them.`,
      );
    }
    return { requested, absolute, real };
  }

  /**
   * The string checks and normalisation alone, nothing looked up: absolute, `..` resolved,
   * relative paths taken from the first allowed directory. For operations on an entry
   * itself, whose final component must not be followed.
   */
  toAbsolute(requested: string): string {
    if (requested.length === 0) throw invalidInput('The path is empty. Give a path inside an allowed directory.');
    if (requested.includes('\0')) throw invalidInput('The path contains a null byte, which no file name can hold.');
    if (requested.length > MAX_PATH_LENGTH) throw invalidInput(`The path is longer than ${MAX_PATH_LENGTH} characters.`);
    const expanded = expandHome(requested);
    if (process.platform !== 'win32' && /^[A-Za-z]:(?:[\\/]|$)/.test(expanded)) {
      throw invalidInput(`${requested} is a Windows path, but this server runs on ${process.platform}. Use a POSIX path.`);
    }
    if (isAbsolute(expanded)) return resolve(expanded);
    const first = this.directories[0];
    if (!first)
      throw forbidden('No directories are allowed: start the server with directories as arguments, or offer roots from the client.');
    // A relative path is taken from the first allowed directory, as the reference server does.
    return resolve(first.given, expanded);
  }
}
