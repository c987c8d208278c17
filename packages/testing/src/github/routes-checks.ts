import type { GitHubRoute } from './route-table.js';

/** The REST routes for commit statuses and check runs. */
export const checksRoutes: GitHubRoute[] = [];
