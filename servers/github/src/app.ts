import { toolBuilder } from '@mcpkit/core';
import type { Lockdown } from './access/lockdown.js';
import type { RepoPolicy } from './access/repo-policy.js';
import type { Viewer } from './access/viewer.js';
import type { GitHubClient } from './client/github-client.js';

/** The long-lived services every GitHub tool works with. */
export interface GitHubApp {
  github: GitHubClient;
  repos: RepoPolicy;
  lockdown: Lockdown;
  /** Most characters of one file, diff, log or body in an answer. */
  maxBodyChars: number;
  /** Whether a token is configured (writes and private data need one). */
  authenticated: boolean;
  /** The token's account login (asked once); fails without a token. */
  viewer: Viewer;
}

/** `defineTool` for the GitHub server's app. */
export const defineGitHubTool = toolBuilder<GitHubApp>();
