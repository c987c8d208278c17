import type { AnyToolDefinition } from '@mcpkit/core';
import type { FilesystemApp } from '../app.js';

export const writingTools: ReadonlyArray<AnyToolDefinition<FilesystemApp>> = [];
