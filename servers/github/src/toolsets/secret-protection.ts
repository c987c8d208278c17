import { getSecretScanningAlert, listSecretScanningAlerts } from '../tools/secret-scanning.js';
import type { GitHubToolset } from './toolset.js';

export const secretProtectionToolset: GitHubToolset = {
  name: 'secret_protection',
  description: 'Secret scanning alerts',
  tools: [listSecretScanningAlerts, getSecretScanningAlert],
};
