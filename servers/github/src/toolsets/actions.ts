import type { GitHubToolset } from './toolset.js';

export const actionsToolset: GitHubToolset = {
  name: 'actions',
  description: 'GitHub Actions workflows, runs and job logs',
  tools: [],
};
