import type { GitHubRoute } from './route-table.js';

/** The REST routes for GitHub Actions: workflows. */
export const actionsRoutes: GitHubRoute[] = [];
