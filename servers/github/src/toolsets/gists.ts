import { createGist, getGist, listGists, updateGist } from '../tools/gists.js';
import type { GitHubToolset } from './toolset.js';

export const gistsToolset: GitHubToolset = {
  name: 'gists',
  description: 'Gists',
  tools: [listGists, getGist, createGist, updateGist],
};
