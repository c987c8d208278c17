import { getTeamMembers, getTeams } from '../tools/teams.js';
import { searchOrgs } from '../tools/users-search.js';
import type { GitHubToolset } from './toolset.js';

export const orgsToolset: GitHubToolset = {
  name: 'orgs',
  description: 'Organizations and their teams',
  tools: [searchOrgs, getTeams, getTeamMembers],
};
