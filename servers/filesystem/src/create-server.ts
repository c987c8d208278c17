import { createRequire } from 'node:module';
import { ConfigError, createConfirmationTokens, defineServer } from '@mcpkit/core';
import type { FilesystemApp } from './app.js';
import { filesystemOptions } from './config.js';
import { resolveAllowedDirectories } from './paths/allowed-directories.js';
import { createGuardSource } from './paths/guard-source.js';
import { PathGuard } from './paths/path-guard.js';
import { readingTools } from './tools/reading.js';
import { walkingTools } from './tools/walking.js';
import { writingTools } from './tools/writing.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** The filesystem server: the reference server's tools and more, inside allowed directories. */
export const filesystemServer = defineServer<FilesystemApp, typeof filesystemOptions>({
  name: 'mcpkit-filesystem',
  version,
  title: 'mcpkit filesystem',
  instructions:
    'Files inside the allowed directories only (list_allowed_directories). Find files with search_files or search_content, look around with list_directory or directory_tree, read with read_text_file (offset/limit for long files), change with edit_file (exact text) or write_file.',
  config: filesystemOptions,
  toolsets: {
    files: 'Read, write, edit, append, move and delete files; file info',
    directories: 'List, create and delete directories; directory trees',
    search: 'Find files by name (glob) and by content (text or regex)',
  },
  async setup({ config, logger }) {
    const { directories, problems } = await resolveAllowedDirectories(config.directories);
    if (problems.length > 0) throw new ConfigError(problems.map((problem) => `allowed directory ${problem}`));
    if (directories.length === 0) {
      logger.warn('no allowed directories given: every call fails until a client offers roots');
    }
    const configured = new PathGuard(directories);
    const app: FilesystemApp = {
      limits: {
        maxReadBytes: config.maxReadBytes,
        maxReadLines: config.maxReadLines,
        maxMediaBytes: config.maxMediaBytes,
        maxEntries: config.maxEntries,
        walkTimeoutMs: config.walkTimeoutMs,
      },
      confirmations: createConfirmationTokens(config.confirmSecret ? { secret: config.confirmSecret } : {}),
      guardFor: createGuardSource(configured, config.useRoots, logger),
    };
    logger.info({ directories: directories.map((d) => d.given) }, 'allowed directories');
    return { app };
  },
  tools: [...readingTools, ...writingTools, ...walkingTools],
});
