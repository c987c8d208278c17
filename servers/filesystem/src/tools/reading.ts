import type { AnyToolDefinition } from '@mcpkit/core';
import type { FilesystemApp } from '../app.js';
import { listAllowedDirectories } from './list-allowed-directories.js';

/** The read-only file tools (toolset `files`). */
export const readingTools: ReadonlyArray<AnyToolDefinition<FilesystemApp>> = [listAllowedDirectories];
