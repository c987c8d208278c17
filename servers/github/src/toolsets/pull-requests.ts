import type { GitHubToolset } from './toolset.js';

export const pullRequestsToolset: GitHubToolset = {
  name: 'pull_requests',
  description: 'Pull requests, their reviews and merges',
  tools: [],
};
