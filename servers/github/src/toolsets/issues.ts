import { getIssue, listIssueComments, listIssues, searchIssues } from '../tools/issues-read.js';
import { addIssueComment, createIssue, updateIssue } from '../tools/issues-write.js';
import { getLabel, listLabels } from '../tools/labels.js';
import type { GitHubToolset } from './toolset.js';

export const issuesToolset: GitHubToolset = {
  name: 'issues',
  description: 'Issues, their comments and labels',
  tools: [listIssues, getIssue, listIssueComments, searchIssues, listLabels, getLabel, createIssue, updateIssue, addIssueComment],
};
