import type { FakeResponse } from '../fake-upstream.js';
import { githubError, notFound, requiresAuthentication } from './github-errors.js';
import { repoJson, simpleUser } from './github-records.js';
import { accessOf } from './github-tokens.js';
import type { GitHubAccount, GitHubRepo, RepoAccess } from './github-world.js';
import { roleAtLeast } from './github-world.js';
import { labelJson } from './issue-records.js';
import { okPage } from './pagination.js';
import type { GitHubRoute, RouteContext } from './route-table.js';
import { isAnswer, ok, repoFor } from './route-table.js';

/** A repository, its collaborators and their permission levels, and its labels. */

const DOCS = {
  repo: 'https://docs.github.com/rest/repos/repos#get-a-repository',
  collaborators: 'https://docs.github.com/rest/collaborators/collaborators#list-repository-collaborators',
  permission: 'https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user',
  labels: 'https://docs.github.com/rest/issues/labels#list-labels-for-a-repository',
  label: 'https://docs.github.com/rest/issues/labels#get-a-label',
};

/** The legacy `permission` value: maintain reads as write, triage as read. */
const LEGACY_PERMISSION: Record<RepoAccess, string> = {
  admin: 'admin',
  maintain: 'write',
  write: 'write',
  triage: 'read',
  read: 'read',
  none: 'none',
};

function collaboratorJson(ctx: RouteContext, account: GitHubAccount, access: RepoAccess): Record<string, unknown> {
  return {
    ...simpleUser(account, ctx.links),
    permissions: {
      admin: roleAtLeast(access, 'admin'),
      maintain: roleAtLeast(access, 'maintain'),
      push: roleAtLeast(access, 'write'),
      triage: roleAtLeast(access, 'triage'),
      pull: roleAtLeast(access, 'read'),
    },
    role_name: access,
  };
}

/** Viewing collaborators takes push access, as on GitHub. */
function pushRequired(ctx: RouteContext, repo: GitHubRepo, message: string, docs: string): FakeResponse | undefined {
  if (!ctx.caller.account) return requiresAuthentication(docs);
  if (!roleAtLeast(accessOf(ctx.world, ctx.caller, repo), 'write')) return githubError(403, message, docs);
  return undefined;
}

/** Owner, organization members and direct collaborators: everyone with a role of their own. */
function collaboratorsOf(ctx: RouteContext, repo: GitHubRepo, affiliation: string): { account: GitHubAccount; access: RepoAccess }[] {
  const logins = new Set<string>();
  const owner = ctx.world.account(repo.owner);
  if (affiliation !== 'outside') {
    if (owner?.type === 'User') logins.add(owner.login.toLowerCase());
    for (const member of owner?.members.keys() ?? []) logins.add(member);
  }
  for (const login of repo.collaborators.keys()) {
    const isMember = owner?.members.has(login) ?? false;
    if (affiliation === 'outside' && isMember) continue;
    logins.add(login);
  }
  return [...logins]
    .map((login) => ctx.world.account(login))
    .filter((account): account is GitHubAccount => account !== undefined)
    .map((account) => ({ account, access: ctx.world.access(repo, account.login) }))
    .sort((a, b) => a.account.id - b.account.id);
}

export const repoRoutes: GitHubRoute[] = [
  {
    method: 'GET',
    path: '/repos/:owner/:repo',
    handler: (ctx) => {
      const repo = repoFor(ctx, 'metadata', DOCS.repo);
      return isAnswer(repo) ? repo : ok(repoJson(ctx, repo, 'full'));
    },
  },
  {
    method: 'GET',
    path: '/repos/:owner/:repo/collaborators',
    handler: (ctx) => {
      const repo = repoFor(ctx, 'metadata', DOCS.collaborators);
      if (isAnswer(repo)) return repo;
      const refused = pushRequired(ctx, repo, 'Must have push access to view repository collaborators.', DOCS.collaborators);
      if (refused) return refused;
      const permission = ctx.query.get('permission');
      const all = collaboratorsOf(ctx, repo, ctx.query.get('affiliation') ?? 'all').filter(
        ({ access }) => permission === null || LEGACY_PERMISSION[access] === permission || access === permission,
      );
      return okPage(ctx, all, ({ account, access }) => collaboratorJson(ctx, account, access));
    },
  },
  {
    method: 'GET',
    path: '/repos/:owner/:repo/collaborators/:username/permission',
    handler: (ctx) => {
      const repo = repoFor(ctx, 'metadata', DOCS.permission);
      if (isAnswer(repo)) return repo;
      const refused = pushRequired(ctx, repo, 'Must have push access to view collaborator permission.', DOCS.permission);
      if (refused) return refused;
      const account = ctx.world.account(ctx.params.username ?? '');
      if (!account) return notFound(DOCS.permission);
      const access = ctx.world.access(repo, account.login);
      return ok({ permission: LEGACY_PERMISSION[access], role_name: access, user: collaboratorJson(ctx, account, access) });
    },
  },
  {
    method: 'GET',
    path: '/repos/:owner/:repo/labels',
    handler: (ctx) => {
      const repo = repoFor(ctx, 'issues', DOCS.labels);
      if (isAnswer(repo)) return repo;
      const labels = [...repo.labels.values()].sort((a, b) => a.name.localeCompare(b.name));
      return okPage(ctx, labels, (label) => labelJson(ctx, repo, label.name));
    },
  },
  {
    method: 'GET',
    path: '/repos/:owner/:repo/labels/:name',
    handler: (ctx) => {
      const repo = repoFor(ctx, 'issues', DOCS.label);
      if (isAnswer(repo)) return repo;
      const label = repo.labels.get((ctx.params.name ?? '').toLowerCase());
      return label ? ok(labelJson(ctx, repo, label.name)) : notFound(DOCS.label);
    },
  },
];
