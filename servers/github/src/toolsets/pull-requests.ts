import {
  getPullRequest,
  getPullRequestComments,
  getPullRequestDiff,
  getPullRequestFiles,
  getPullRequestReviews,
  getPullRequestStatus,
  listPullRequests,
  searchPullRequests,
} from '../tools/pulls-read.js';
import { createPullRequest, createPullRequestReview, mergePullRequest, updatePullRequest } from '../tools/pulls-write.js';
import type { GitHubToolset } from './toolset.js';

export const pullRequestsToolset: GitHubToolset = {
  name: 'pull_requests',
  description: 'Pull requests, their reviews and merges',
  tools: [
    listPullRequests,
    getPullRequest,
    getPullRequestDiff,
    getPullRequestFiles,
    getPullRequestStatus,
    getPullRequestReviews,
    getPullRequestComments,
    searchPullRequests,
    createPullRequest,
    updatePullRequest,
    createPullRequestReview,
    mergePullRequest,
  ],
};
