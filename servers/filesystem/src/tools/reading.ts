import type { AnyToolDefinition } from '@mcpkit/core';
import type { FilesystemApp } from '../app.js';
import { getFileInfo } from './get-file-info.js';
import { listAllowedDirectories } from './list-allowed-directories.js';
import { readMediaFile } from './read-media-file.js';
import { readMultipleFiles } from './read-multiple-files.js';
import { readFile, readTextFile } from './read-text-file.js';

/** The read-only file tools (toolset `files`). */
export const readingTools: ReadonlyArray<AnyToolDefinition<FilesystemApp>> = [
  readTextFile,
  readFile,
  readMediaFile,
  readMultipleFiles,
  getFileInfo,
  listAllowedDirectories,
];
