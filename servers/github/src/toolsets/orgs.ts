import type { GitHubToolset } from './toolset.js';

export const orgsToolset: GitHubToolset = {
  name: 'orgs',
  description: 'Organizations and their teams',
  tools: [],
};
