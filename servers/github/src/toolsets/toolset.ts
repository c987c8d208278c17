import type { AnyToolDefinition } from '@mcpkit/core';
import type { GitHubApp } from '../app.js';

/**
 * One toolset of the GitHub server: its name (as the official server spells it, for
 * `--toolsets`), the line `--help` shows, and its tools. Each toolset lives in its own
 * file so the server's tool list is the union of small, separately owned lists.
 */
export interface GitHubToolset {
  name: string;
  description: string;
  tools: ReadonlyArray<AnyToolDefinition<GitHubApp>>;
}
