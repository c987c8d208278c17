import type { AnyToolDefinition } from '@mcpkit/core';
import type { FilesystemApp } from '../app.js';

export const walkingTools: ReadonlyArray<AnyToolDefinition<FilesystemApp>> = [];
