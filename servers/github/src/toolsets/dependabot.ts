import { getDependabotAlert, listDependabotAlerts } from '../tools/dependabot-alerts.js';
import type { GitHubToolset } from './toolset.js';

export const dependabotToolset: GitHubToolset = {
  name: 'dependabot',
  description: 'Dependabot alerts',
  tools: [listDependabotAlerts, getDependabotAlert],
};
