import type { GitHubRoute } from './route-table.js';

/** The REST routes for Code scanning. */
export const securityRoutes: GitHubRoute[] = [];
