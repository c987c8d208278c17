import { getCodeScanningAlert, listCodeScanningAlerts } from '../tools/code-scanning.js';
import type { GitHubToolset } from './toolset.js';

export const codeSecurityToolset: GitHubToolset = {
  name: 'code_security',
  description: 'Code scanning alerts',
  tools: [listCodeScanningAlerts, getCodeScanningAlert],
};
