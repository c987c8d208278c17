import type { GitHubRoute } from './route-table.js';

/** The REST routes for Notification threads. */
export const notificationsRoutes: GitHubRoute[] = [];
