import { getIssue, listIssueComments, listIssues, searchIssues } from '../tools/issues-read.js';
import { addIssueComment, createIssue, updateIssue } from '../tools/issues-write.js';
import type { GitHubToolset } from './toolset.js';

export const issuesToolset: GitHubToolset = {
  name: 'issues',
  description: 'Issues, their comments and labels',
  tools: [listIssues, getIssue, listIssueComments, searchIssues, createIssue, updateIssue, addIssueComment],
};
