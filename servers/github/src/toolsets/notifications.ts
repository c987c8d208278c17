import type { GitHubToolset } from './toolset.js';

export const notificationsToolset: GitHubToolset = {
  name: 'notifications',
  description: 'Notifications of the token’s user',
  tools: [],
};
