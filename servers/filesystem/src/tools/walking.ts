import type { AnyToolDefinition } from '@mcpkit/core';
import type { FilesystemApp } from '../app.js';
import { directoryTree } from './directory-tree.js';
import { listDirectory, listDirectoryWithSizes } from './list-directory.js';
import { searchContent } from './search-content.js';
import { searchFiles } from './search-files.js';

/** The tools built on the tree walker: listings and trees (toolset `directories`), searches (`search`). */
export const walkingTools: ReadonlyArray<AnyToolDefinition<FilesystemApp>> = [
  listDirectory,
  listDirectoryWithSizes,
  directoryTree,
  searchFiles,
  searchContent,
];
