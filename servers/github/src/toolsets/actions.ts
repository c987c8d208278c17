import {
  cancelWorkflowRun,
  getJobLogs,
  getWorkflowRun,
  listWorkflowJobs,
  listWorkflowRuns,
  listWorkflows,
  rerunWorkflowRun,
} from '../tools/actions.js';
import type { GitHubToolset } from './toolset.js';

export const actionsToolset: GitHubToolset = {
  name: 'actions',
  description: 'GitHub Actions workflows, runs and job logs',
  tools: [listWorkflows, listWorkflowRuns, getWorkflowRun, listWorkflowJobs, getJobLogs, rerunWorkflowRun, cancelWorkflowRun],
};
