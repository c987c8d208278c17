import { getCommit, listBranches, listCommits } from '../tools/commits.js';
import { getFileContents } from '../tools/get-file-contents.js';
import { getLatestRelease, listReleases, listTags } from '../tools/releases.js';
import { searchRepositories } from '../tools/search-repositories.js';
import type { GitHubToolset } from './toolset.js';

export const reposToolset: GitHubToolset = {
  name: 'repos',
  description: 'Repositories, files, branches and commits',
  tools: [searchRepositories, getFileContents, listBranches, listCommits, getCommit, listTags, listReleases, getLatestRelease],
};
