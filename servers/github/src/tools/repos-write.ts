import { conflict, forbidden, isMcpKitError } from '@mcpkit/core';
import { z } from 'zod';
import { defineGitHubTool, type GitHubApp } from '../app.js';
import { callGitHub } from '../client/call-github.js';
import { sanitizeName, sanitizeUntrusted } from '../safety/sanitize-text.js';
import { ownerField, repoField, repoFields, subjectOf } from './github-fields.js';
import { branchField, githubReason, githubStatus, restated } from './write-fields.js';

const repositoryRecord = z.object({
  fullName: z.string(),
  private: z.boolean(),
  description: z.string().nullable(),
  defaultBranch: z.string(),
  htmlUrl: z.string(),
  cloneUrl: z.string().optional(),
});

interface RawRepository {
  full_name: string;
  private: boolean;
  description?: string | null;
  default_branch?: string;
  html_url: string;
  clone_url?: string;
}

function toRepository(repo: RawRepository): z.infer<typeof repositoryRecord> {
  return {
    fullName: sanitizeName(repo.full_name),
    private: repo.private,
    description: repo.description ? sanitizeUntrusted(repo.description, { markdown: false }) : null,
    defaultBranch: sanitizeName(repo.default_branch ?? 'main'),
    htmlUrl: repo.html_url,
    ...(repo.clone_url && { cloneUrl: repo.clone_url }),
  };
}

/**
 * Checks where a new repository would land against the allow-list, before it is made. Without an
 * organization it lands under the token's own account, whose login only GitHub can say: under an
 * allow-list that costs one read (`GET /user`), never a write outside the list.
 */
async function checkDestination(app: GitHubApp, organization: string | undefined, name: string, signal: AbortSignal): Promise<void> {
  if (organization !== undefined) {
    app.repos.check(organization, name);
    return;
  }
  if (!app.repos.restricted) return;
  app.repos.check(await app.viewer(signal), name);
}

/** A 404 to a creation is about the token or the organization, not a missing repository. */
function creationTrouble(error: unknown, what: string, organization: string | undefined): unknown {
  if (!isMcpKitError(error) || githubStatus(error) !== 404) return error;
  return restated(
    error,
    `GitHub answered "Not Found" to ${what}. ${organization ? `The organization ${organization} may not exist, or the` : 'The'} token lacks the scope: classic tokens need repo (public_repo is enough for a public repository), fine-grained tokens need Administration write.`,
  );
}

export const createBranch = defineGitHubTool({
  name: 'create_branch',
  title: 'Create a branch',
  description: 'Create a branch from another branch (the default branch unless fromBranch is given).',
  toolset: 'repos',
  input: z.strictObject({ ...repoFields, branch: branchField, fromBranch: branchField.optional() }),
  output: z.object({ branch: z.string(), sha: z.string(), fromBranch: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler({ owner, repo, branch, fromBranch }, { app, signal }) {
    app.repos.check(owner, repo);
    const from =
      fromBranch ??
      (await callGitHub(subjectOf(owner, repo), () => app.github.rest.repos.get({ owner, repo, request: { signal } }))).data.default_branch;
    const { data: base } = await callGitHub(subjectOf(owner, repo, `branch ${from}`), () =>
      app.github.rest.git.getRef({ owner, repo, ref: `heads/${from}`, request: { signal } }),
    );
    const sha = base.object.sha;
    await callGitHub(subjectOf(owner, repo, `the new branch ${branch}`), () =>
      // Not retried: after a lost answer the branch exists, and a second try reads as a clash.
      app.github.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha, request: { signal, retries: 0 } }),
    ).catch((error: unknown) => {
      if (githubStatus(error) === 422 && /already exists/i.test(githubReason(error))) {
        throw conflict(`A branch named "${branch}" already exists in ${owner}/${repo}; list_branches shows it. Pick another name.`, {
          cause: error,
        });
      }
      throw error;
    });
    const fromName = sanitizeName(from);
    return {
      text: `Created branch ${branch} in ${owner}/${repo} from ${fromName} at ${sha.slice(0, 7)}.`,
      data: { branch, sha, fromBranch: fromName },
    };
  },
});

export const createRepository = defineGitHubTool({
  name: 'create_repository',
  title: 'Create a repository',
  description: 'Create a repository for your account or in an organization.',
  toolset: 'repos',
  input: z.strictObject({
    name: repoField,
    description: z.string().max(350).optional(),
    private: z.boolean().default(false),
    autoInit: z.boolean().default(false).describe('Start with a README commit'),
    organization: ownerField.optional(),
  }),
  output: z.object({ repository: repositoryRecord }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler({ name, description, private: isPrivate, autoInit, organization }, { app, signal }) {
    await checkDestination(app, organization, name, signal);
    const body = {
      name,
      ...(description !== undefined && { description }),
      private: isPrivate,
      auto_init: autoInit,
      // Not retried: after a lost answer the repository exists, and a retry is refused as a taken name.
      request: { signal, retries: 0 },
    };
    const what = `the new repository ${organization ? `${organization}/` : ''}${name}`;
    const { data } = await callGitHub(what, () =>
      organization === undefined
        ? app.github.rest.repos.createForAuthenticatedUser(body)
        : app.github.rest.repos.createInOrg({ org: organization, ...body }),
    ).catch((error: unknown) => {
      throw creationTrouble(error, `creating ${what}`, organization);
    });
    const repository = toRepository(data);
    return {
      text: `Created ${repository.private ? 'private' : 'public'} repository ${repository.fullName}${autoInit ? ` with a README on ${repository.defaultBranch}` : ' (empty)'}.\n${repository.htmlUrl}`,
      data: { repository },
    };
  },
});

export const forkRepository = defineGitHubTool({
  name: 'fork_repository',
  title: 'Fork a repository',
  description: 'Fork a repository to your account or an organization.',
  toolset: 'repos',
  input: z.strictObject({
    ...repoFields,
    organization: ownerField.optional(),
    name: repoField.optional().describe('Name of the fork (default: the same)'),
    defaultBranchOnly: z.boolean().optional(),
  }),
  output: z.object({ repository: repositoryRecord, parent: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler({ owner, repo, organization, name, defaultBranchOnly }, { app, signal }) {
    app.repos.check(owner, repo);
    await checkDestination(app, organization, name ?? repo, signal);
    const { data } = await callGitHub(subjectOf(owner, repo, 'a fork'), () =>
      app.github.rest.repos.createFork({
        owner,
        repo,
        ...(organization !== undefined && { organization }),
        ...(name !== undefined && { name }),
        ...(defaultBranchOnly !== undefined && { default_branch_only: defaultBranchOnly }),
        request: { signal, retries: 0 },
      }),
    ).catch((error: unknown) => {
      throw creationTrouble(error, `forking ${owner}/${repo}`, organization);
    });
    const repository = toRepository(data);
    const parent = sanitizeName(data.parent?.full_name ?? `${owner}/${repo}`);
    const lines = [
      `Forked ${parent} to ${repository.fullName}; GitHub copies the history in the background, so it may take a moment to appear.`,
      repository.htmlUrl,
    ];
    // GitHub renames a fork whose name is taken (hello-world-1), which may land outside the list.
    const [forkOwner = '', forkName = ''] = data.full_name.split('/');
    if (!app.repos.allows(forkOwner, forkName)) {
      throw forbidden(
        `GitHub made the fork as ${repository.fullName}, which is outside the repositories this server may use (${app.repos.patterns.join(', ')}); it exists, but this server will not work on it.`,
      );
    }
    return { text: lines.join('\n'), data: { repository, parent } };
  },
});
