import { fileURLToPath } from 'node:url';
import type { Logger } from '@mcpkit/core';
import type { Root } from '@modelcontextprotocol/server';
import { resolveAllowedDirectories } from './allowed-directories.js';
import { PathGuard } from './path-guard.js';

/** What the guard source needs of a call: the client's roots, where it has them. */
export interface RootsOfCall {
  roots(): Promise<readonly Root[] | undefined>;
}

export type GuardSource = (call: RootsOfCall) => Promise<PathGuard>;

/**
 * Picks the allowed directories for a call. As with the reference server, a client that
 * offers roots (2025-era, on stdio) replaces the command-line directories with them —
 * unless the user turned that off. Roots that are not `file://` URIs of existing
 * directories are skipped with a warning; if none is usable the configured list stays.
 * Each roots answer is resolved once: core hands back the same array until the client
 * says its roots changed.
 */
export function createGuardSource(configured: PathGuard, useRoots: boolean, logger: Logger): GuardSource {
  if (!useRoots) return async () => configured;
  const byAnswer = new WeakMap<readonly Root[], Promise<PathGuard>>();
  return async (call) => {
    const roots = await call.roots().catch((error: unknown) => {
      logger.warn({ err: error }, 'client did not list its roots; using the configured directories');
      return undefined;
    });
    if (roots === undefined || roots.length === 0) return configured;
    let guard = byAnswer.get(roots);
    if (!guard) {
      guard = guardFromRoots(roots, configured, logger);
      byAnswer.set(roots, guard);
    }
    return guard;
  };
}

async function guardFromRoots(roots: readonly Root[], configured: PathGuard, logger: Logger): Promise<PathGuard> {
  const paths: string[] = [];
  for (const root of roots) {
    try {
      const url = new URL(root.uri);
      if (url.protocol !== 'file:') throw new Error('not a file:// URI');
      paths.push(fileURLToPath(url));
    } catch (error) {
      logger.warn({ root: root.uri, reason: (error as Error).message }, 'skipping a root that is not a local directory');
    }
  }
  const { directories, problems } = await resolveAllowedDirectories(paths);
  for (const problem of problems) logger.warn({ problem }, 'skipping a root');
  if (directories.length === 0) {
    logger.warn('none of the client roots is usable; keeping the configured directories');
    return configured;
  }
  logger.info({ directories: directories.map((d) => d.given) }, 'allowed directories now come from the client roots');
  return new PathGuard(directories);
}
