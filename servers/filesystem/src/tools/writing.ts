import type { AnyToolDefinition } from '@mcpkit/core';
import type { FilesystemApp } from '../app.js';
import { appendFile } from './append-file.js';
import { createDirectory } from './create-directory.js';
import { deleteDirectory, deleteFile } from './delete-entry.js';
import { editFile } from './edit-file.js';
import { moveFile } from './move-file.js';
import { writeFile } from './write-file.js';

/** The tools that change files and directories: all hidden by `--read-only`. */
export const writingTools: ReadonlyArray<AnyToolDefinition<FilesystemApp>> = [
  writeFile,
  appendFile,
  editFile,
  createDirectory,
  moveFile,
  deleteFile,
  deleteDirectory,
];
