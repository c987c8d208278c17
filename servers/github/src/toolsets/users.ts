import { searchUsers } from '../tools/users-search.js';
import type { GitHubToolset } from './toolset.js';

export const usersToolset: GitHubToolset = {
  name: 'users',
  description: 'Find GitHub users',
  tools: [searchUsers],
};
