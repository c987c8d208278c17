import type { FakeResponse } from '../fake-upstream.js';
import { githubError, notAccessibleByToken, notFound, requiresAuthentication } from './github-errors.js';
import { nodeId, simpleUser } from './github-records.js';
import { scopesOf } from './github-tokens.js';
import type { GitHubAccount } from './github-world.js';
import { okPage } from './pagination.js';
import type { GitHubRoute, RouteContext } from './route-table.js';
import { invalidField, isAnswer, ok } from './route-table.js';
import type { GitHubTeam } from './teams-world.js';

/**
 * Teams: the caller's own (`/user/teams`, team-full objects with their organization), an
 * organization's, one team and its members (with `role`). Classic tokens need `read:org` (or, for
 * the caller's own teams, `user` or `repo` too) and get 403 without; the seed's fine-grained tokens
 * hold no organization permission and get "Resource not accessible by personal access token". A
 * team the caller cannot see (unknown, secret, or the caller outside the organization) is a 404.
 */

const DOCS = {
  mine: 'https://docs.github.com/rest/teams/teams#list-teams-for-the-authenticated-user',
  list: 'https://docs.github.com/rest/teams/teams#list-teams',
  get: 'https://docs.github.com/rest/teams/teams#get-a-team-by-name',
  members: 'https://docs.github.com/rest/teams/members#list-team-members',
};

const ORG_SCOPES = ['read:org', 'write:org', 'admin:org'];

/** The caller's account if their token may read teams, else GitHub's refusal. */
function reader(ctx: RouteContext, docs: string, scopes: readonly string[], message: string): GitHubAccount | FakeResponse {
  const { account, grant } = ctx.caller;
  if (!account || !grant) return requiresAuthentication(docs);
  if (grant.kind === 'fine-grained') return notAccessibleByToken(docs);
  if (!scopesOf(grant).some((scope) => scopes.includes(scope))) {
    return githubError(403, message, docs, { headers: { 'x-accepted-oauth-scopes': scopes.join(', ') } });
  }
  return account;
}

const orgReader = (ctx: RouteContext, docs: string) =>
  reader(ctx, docs, ORG_SCOPES, 'You need at least read:org scope to read the teams of an organization.');

function sees(ctx: RouteContext, account: GitHubAccount, team: GitHubTeam): boolean {
  const org = ctx.world.account(team.org);
  const role = org?.members.get(account.login.toLowerCase());
  if (role === undefined) return false;
  return team.privacy === 'closed' || role === 'admin' || team.members.has(account.login.toLowerCase());
}

function orgJson(ctx: RouteContext, org: GitHubAccount): Record<string, unknown> {
  const api = `${ctx.links.api}/orgs/${org.login}`;
  const repos = [...ctx.world.repos.values()].filter((repo) => repo.owner === org.login);
  return {
    login: org.login,
    id: org.id,
    node_id: nodeId('Organization', org.id),
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${org.id}?v=4`,
    description: org.bio,
    name: org.name,
    company: org.company,
    blog: org.blog,
    location: org.location,
    email: org.email,
    is_verified: false,
    has_organization_projects: true,
    has_repository_projects: true,
    public_repos: repos.filter((repo) => !repo.private).length,
    public_gists: 0,
    followers: 0,
    following: 0,
    html_url: `${ctx.links.web}/${org.login}`,
    created_at: org.createdAt,
    updated_at: org.createdAt,
    type: 'Organization',
  };
}

function teamJson(ctx: RouteContext, team: GitHubTeam, full: boolean): Record<string, unknown> {
  const org = ctx.world.account(team.org);
  const api = `${ctx.links.api}/organizations/${org?.id ?? 0}/team/${team.id}`;
  const base = (t: GitHubTeam) => ({
    id: t.id,
    node_id: nodeId('Team', t.id),
    url: `${ctx.links.api}/organizations/${org?.id ?? 0}/team/${t.id}`,
    html_url: `${ctx.links.web}/orgs/${t.org}/teams/${t.slug}`,
    name: t.name,
    slug: t.slug,
    description: t.description,
    privacy: t.privacy,
    notification_setting: 'notifications_enabled',
    permission: 'pull',
    members_url: `${ctx.links.api}/organizations/${org?.id ?? 0}/team/${t.id}/members{/member}`,
    repositories_url: `${ctx.links.api}/organizations/${org?.id ?? 0}/team/${t.id}/repos`,
  });
  const parent = team.parent === null ? undefined : ctx.world.teams.get(team.org, team.parent);
  const json: Record<string, unknown> = { ...base(team), url: api, parent: parent ? base(parent) : null };
  if (full && org) {
    Object.assign(json, {
      members_count: team.members.size,
      repos_count: 0,
      created_at: team.createdAt,
      updated_at: team.updatedAt,
      organization: orgJson(ctx, org),
    });
  }
  return json;
}

function visibleTeam(ctx: RouteContext, docs: string): { account: GitHubAccount; team: GitHubTeam } | FakeResponse {
  const account = orgReader(ctx, docs);
  if (isAnswer(account)) return account;
  const team = ctx.world.teams.get(ctx.params.org ?? '', ctx.params.team_slug ?? '');
  if (!team || !sees(ctx, account, team)) return notFound(docs);
  return { account, team };
}

export const teamsRoutes: GitHubRoute[] = [
  {
    method: 'GET',
    path: '/user/teams',
    handler: (ctx) => {
      const account = reader(
        ctx,
        DOCS.mine,
        ['user', 'repo', ...ORG_SCOPES],
        'You need at least read:org scope or user scope to list your teams.',
      );
      if (isAnswer(account)) return account;
      const teams = ctx.world.teams
        .ofMember(account.login)
        .filter((team) => ctx.world.account(team.org)?.members.has(account.login.toLowerCase()));
      return okPage(ctx, teams, (team) => teamJson(ctx, team, true));
    },
  },
  {
    method: 'GET',
    path: '/orgs/:org/teams',
    handler: (ctx) => {
      const account = orgReader(ctx, DOCS.list);
      if (isAnswer(account)) return account;
      const org = ctx.world.account(ctx.params.org ?? '');
      if (org?.type !== 'Organization' || !org.members.has(account.login.toLowerCase())) return notFound(DOCS.list);
      const teams = ctx.world.teams.of(org.login).filter((team) => sees(ctx, account, team));
      return okPage(ctx, teams, (team) => teamJson(ctx, team, false));
    },
  },
  {
    method: 'GET',
    path: '/orgs/:org/teams/:team_slug',
    handler: (ctx) => {
      const found = visibleTeam(ctx, DOCS.get);
      return isAnswer(found) ? found : ok(teamJson(ctx, found.team, true));
    },
  },
  {
    method: 'GET',
    path: '/orgs/:org/teams/:team_slug/members',
    handler: (ctx) => {
      const found = visibleTeam(ctx, DOCS.members);
      if (isAnswer(found)) return found;
      const role = ctx.query.get('role') ?? 'all';
      if (!['all', 'member', 'maintainer'].includes(role)) return invalidField('role', DOCS.members);
      const members = [...found.team.members.entries()]
        .filter(([, held]) => role === 'all' || held === role)
        .flatMap(([login]) => {
          const account = ctx.world.account(login);
          return account ? [account] : [];
        })
        .sort((a, b) => a.id - b.id);
      return okPage(ctx, members, (account) => simpleUser(account, ctx.links));
    },
  },
];
