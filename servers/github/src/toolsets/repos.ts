import { getCommit, listBranches, listCommits } from '../tools/commits.js';
import { createOrUpdateFile, deleteFile, pushFiles } from '../tools/files-write.js';
import { getFileContents } from '../tools/get-file-contents.js';
import { getLatestRelease, listReleases, listTags } from '../tools/releases.js';
import { createBranch, createRepository, forkRepository } from '../tools/repos-write.js';
import { searchCode } from '../tools/search-code.js';
import { searchRepositories } from '../tools/search-repositories.js';
import type { GitHubToolset } from './toolset.js';

export const reposToolset: GitHubToolset = {
  name: 'repos',
  description: 'Repositories, files, branches and commits',
  tools: [
    searchRepositories,
    searchCode,
    getFileContents,
    listBranches,
    listCommits,
    getCommit,
    listTags,
    listReleases,
    getLatestRelease,
    createOrUpdateFile,
    deleteFile,
    pushFiles,
    createBranch,
    createRepository,
    forkRepository,
  ],
};
