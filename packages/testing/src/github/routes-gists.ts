import type { GitHubRoute } from './route-table.js';

/** The REST routes for Gists. */
export const gistsRoutes: GitHubRoute[] = [];
