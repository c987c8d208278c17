import type { GitHubRoute } from './route-table.js';

/** The REST routes for Organization teams and their members. */
export const teamsRoutes: GitHubRoute[] = [];
