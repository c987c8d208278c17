import { notFound, requiresAuthentication } from './github-errors.js';
import { privateUser, publicUser, repoJson } from './github-records.js';
import { accessOf, canSee } from './github-tokens.js';
import type { GitHubRepo } from './github-world.js';
import { fullName } from './github-world.js';
import { okPage } from './pagination.js';
import type { GitHubRoute, RouteContext } from './route-table.js';
import { ok } from './route-table.js';

/** Accounts, their repositories, and `/rate_limit`. */

const DOCS = {
  authenticated: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
  user: 'https://docs.github.com/rest/users/users#get-a-user',
  myRepos: 'https://docs.github.com/rest/repos/repos#list-repositories-for-the-authenticated-user',
  userRepos: 'https://docs.github.com/rest/repos/repos#list-repositories-for-a-user',
  orgRepos: 'https://docs.github.com/rest/repos/repos#list-organization-repositories',
};

function sortRepos(ctx: RouteContext, repos: GitHubRepo[], defaultSort: string): GitHubRepo[] {
  const sort = ctx.query.get('sort') ?? defaultSort;
  const direction = ctx.query.get('direction') ?? (sort === 'full_name' ? 'asc' : 'desc');
  const key = (repo: GitHubRepo): string =>
    sort === 'created'
      ? repo.createdAt
      : sort === 'updated'
        ? repo.updatedAt
        : sort === 'pushed'
          ? repo.pushedAt
          : fullName(repo).toLowerCase();
  const sorted = [...repos].sort((a, b) => key(a).localeCompare(key(b)));
  return direction === 'desc' ? sorted.reverse() : sorted;
}

function listRepos(ctx: RouteContext, repos: GitHubRepo[], defaultSort: string) {
  return okPage(ctx, sortRepos(ctx, repos, defaultSort), (repo) => repoJson(ctx, repo, 'list'));
}

function byVisibility(ctx: RouteContext, repos: GitHubRepo[]): GitHubRepo[] {
  const type = ctx.query.get('type') ?? ctx.query.get('visibility') ?? 'all';
  if (type === 'public') return repos.filter((repo) => !repo.private);
  if (type === 'private') return repos.filter((repo) => repo.private);
  return repos;
}

export const userRoutes: GitHubRoute[] = [
  {
    method: 'GET',
    path: '/user',
    handler: (ctx) => (ctx.caller.account ? ok(privateUser(ctx, ctx.caller.account)) : requiresAuthentication(DOCS.authenticated)),
  },
  {
    method: 'GET',
    path: '/users/:username',
    handler: (ctx) => {
      const account = ctx.world.account(ctx.params.username ?? '');
      return account ? ok(publicUser(ctx, account)) : notFound(DOCS.user);
    },
  },
  {
    method: 'GET',
    path: '/user/repos',
    handler: (ctx) => {
      const login = ctx.caller.account?.login;
      if (!login) return requiresAuthentication(DOCS.myRepos);
      // Everything the user reaches as owner, collaborator or organization member, not every public repository.
      const reachable = [...ctx.world.repos.values()].filter((repo) => {
        if (!canSee(ctx.world, ctx.caller, repo)) return false;
        const owner = ctx.world.account(repo.owner);
        return repo.owner === login || repo.collaborators.has(login.toLowerCase()) || owner?.members.has(login.toLowerCase());
      });
      return listRepos(ctx, byVisibility(ctx, reachable), 'full_name');
    },
  },
  {
    method: 'GET',
    path: '/users/:username/repos',
    handler: (ctx) => {
      const account = ctx.world.account(ctx.params.username ?? '');
      if (!account) return notFound(DOCS.userRepos);
      const repos = [...ctx.world.repos.values()].filter((repo) => repo.owner === account.login && !repo.private);
      return listRepos(ctx, repos, 'full_name');
    },
  },
  {
    method: 'GET',
    path: '/orgs/:org/repos',
    handler: (ctx) => {
      const org = ctx.world.account(ctx.params.org ?? '');
      if (org?.type !== 'Organization') return notFound(DOCS.orgRepos);
      const repos = [...ctx.world.repos.values()].filter(
        (repo) => repo.owner === org.login && accessOf(ctx.world, ctx.caller, repo) !== 'none',
      );
      return listRepos(ctx, byVisibility(ctx, repos), 'created');
    },
  },
  {
    method: 'GET',
    path: '/rate_limit',
    handler: (ctx) => {
      const shape = (resource: 'core' | 'search' | 'code_search') => {
        const { limit, used, remaining, reset } = ctx.rateWindow(resource);
        return { limit, used, remaining, reset };
      };
      const core = shape('core');
      const fixed = (limit: number) => ({ limit, used: 0, remaining: limit, reset: core.reset });
      return ok({
        resources: {
          core,
          search: shape('search'),
          code_search: shape('code_search'),
          graphql: fixed(ctx.caller.account ? 5000 : 0),
          integration_manifest: fixed(5000),
          dependency_snapshots: fixed(100),
          dependency_sbom: fixed(100),
          code_scanning_upload: fixed(1000),
          actions_runner_registration: fixed(10000),
          source_import: fixed(100),
        },
        rate: core,
      });
    },
  },
];
