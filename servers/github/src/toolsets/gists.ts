import type { GitHubToolset } from './toolset.js';

export const gistsToolset: GitHubToolset = {
  name: 'gists',
  description: 'Gists',
  tools: [],
};
