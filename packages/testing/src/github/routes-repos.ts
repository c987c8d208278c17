import type { FakeResponse } from '../fake-upstream.js';
import { githubError, notAccessibleByToken, notFound, requiresAuthentication, validationFailed } from './github-errors.js';
import { repoJson, simpleUser } from './github-records.js';
import { accessOf, canSee, scopesOf } from './github-tokens.js';
import type { GitHubAccount, GitHubRepo, RepoAccess } from './github-world.js';
import { roleAtLeast } from './github-world.js';
import { labelJson } from './issue-records.js';
import { okPage } from './pagination.js';
import type { GitHubRoute, RouteContext } from './route-table.js';
import { invalidField, isAnswer, ok, repoFor, stringField } from './route-table.js';
import { signatures } from './routes-contents.js';

/**
 * A repository, its collaborators and their permission levels, and its labels; creating
 * repositories (for the caller or in an organization) and forks.
 */

const DOCS = {
  repo: 'https://docs.github.com/rest/repos/repos#get-a-repository',
  collaborators: 'https://docs.github.com/rest/collaborators/collaborators#list-repository-collaborators',
  permission: 'https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user',
  labels: 'https://docs.github.com/rest/issues/labels#list-labels-for-a-repository',
  label: 'https://docs.github.com/rest/issues/labels#get-a-label',
  createForUser: 'https://docs.github.com/rest/repos/repos#create-a-repository-for-the-authenticated-user',
  createInOrg: 'https://docs.github.com/rest/repos/repos#create-an-organization-repository',
  fork: 'https://docs.github.com/rest/repos/forks#create-a-fork',
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

/**
 * Refuses making a repository the token does not allow: 401 anonymous; classic tokens need `repo`
 * (or `public_repo` for a public one) and are answered 404 without it, as GitHub answers a missing
 * scope; fine-grained tokens need Administration write.
 */
function creationRefusal(ctx: RouteContext, isPrivate: boolean, docs: string): FakeResponse | undefined {
  const grant = ctx.caller.grant;
  if (!ctx.caller.account || !grant) return requiresAuthentication(docs);
  if (grant.kind === 'classic') {
    const scopes = scopesOf(grant);
    return scopes.includes('repo') || (scopes.includes('public_repo') && !isPrivate) ? undefined : notFound(docs);
  }
  return grant.permissions?.administration === 'write' ? undefined : notAccessibleByToken(docs);
}

/** The account a new repository goes to: the caller, or an organization they are a member of. */
function destination(ctx: RouteContext, org: string | undefined, docs: string): GitHubAccount | FakeResponse {
  const caller = ctx.caller.account;
  if (!caller) return requiresAuthentication(docs);
  if (org === undefined) return caller;
  const account = ctx.world.account(org);
  if (account?.type !== 'Organization') return notFound(docs);
  // Members may create repositories (GitHub's default organization setting); others may not.
  if (!account.members.has(caller.login.toLowerCase())) {
    return githubError(403, 'You need admin access to the organization before adding a repository to it.', docs);
  }
  return account;
}

/** GitHub turns anything but letters, digits, `.`, `-` and `_` in a new name into `-`. */
function normalizedName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '-');
}

function nameTaken(docs: string): FakeResponse {
  return githubError(422, 'Repository creation failed.', docs, {
    errors: [{ resource: 'Repository', code: 'custom', field: 'name', message: 'name already exists on this account' }],
  });
}

function createRepository(ctx: RouteContext, org: string | undefined, docs: string): FakeResponse {
  if (!ctx.caller.account) return requiresAuthentication(docs);
  const isPrivate = ctx.body.private ?? (ctx.body.visibility === 'private' || ctx.body.visibility === 'internal');
  if (typeof isPrivate !== 'boolean') return invalidField('private', docs);
  const refused = creationRefusal(ctx, isPrivate, docs);
  if (refused) return refused;
  const owner = destination(ctx, org, docs);
  if (isAnswer(owner)) return owner;
  const raw = stringField(ctx.body, 'name');
  if (raw === undefined || raw.trim() === '') {
    return validationFailed([{ resource: 'Repository', code: 'missing_field', field: 'name' }], docs);
  }
  const name = normalizedName(raw.trim());
  if (ctx.world.repo(owner.login, name)) return nameTaken(docs);
  const description = stringField(ctx.body, 'description') ?? null;
  const now = ctx.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const repo = ctx.world.addRepo({
    owner: owner.login,
    name,
    private: isPrivate,
    description,
    homepage: stringField(ctx.body, 'homepage') ?? null,
    createdAt: now,
    hasIssues: ctx.body.has_issues !== false,
  });
  if (ctx.body.auto_init === true) {
    const people = signatures(ctx, docs);
    if (isAnswer(people)) return people;
    const readme = `# ${name}\n${description ? `${description}\n` : ''}`;
    repo.git.commitOn(repo.defaultBranch, { message: 'Initial commit', ...people, changes: { 'README.md': readme } });
  }
  const json = repoJson(ctx, repo, 'full');
  return ok(json, 201, { location: String(json.url) });
}

/**
 * `POST /repos/{owner}/{repo}/forks`: a copy of the repository's history under the caller or an
 * organization, answered 202 as GitHub does (it forks in the background). A name already taken
 * in the destination gets `-1`, `-2`… as on GitHub.
 */
function createFork(ctx: RouteContext): FakeResponse {
  const docs = DOCS.fork;
  const source = ctx.world.repo(ctx.params.owner ?? '', ctx.params.repo ?? '');
  if (!ctx.caller.account) return requiresAuthentication(docs);
  if (!source || !canSee(ctx.world, ctx.caller, source)) return notFound(docs);
  const refused = creationRefusal(ctx, source.private, docs);
  if (refused) return refused;
  const org = stringField(ctx.body, 'organization');
  if (ctx.body.organization !== undefined && org === undefined) return invalidField('organization', docs);
  const owner = destination(ctx, org, docs);
  if (isAnswer(owner)) return owner;
  // Forking again where a fork already is answers that fork, as GitHub does.
  const existing = [...ctx.world.repos.values()].find(
    (repo) => repo.parent === source && repo.owner.toLowerCase() === owner.login.toLowerCase(),
  );
  if (existing) return ok(repoJson(ctx, existing, 'full'), 202);
  const wanted = normalizedName(stringField(ctx.body, 'name') ?? source.name);
  let name = wanted;
  for (let suffix = 1; ctx.world.repo(owner.login, name); suffix += 1) name = `${wanted}-${suffix}`;
  const onlyDefault = ctx.body.default_branch_only === true;
  const now = ctx.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const fork = ctx.world.addRepo({
    owner: owner.login,
    name,
    private: source.private,
    description: source.description,
    homepage: source.homepage,
    language: source.language,
    license: source.license,
    defaultBranch: source.defaultBranch,
    createdAt: now,
    pushedAt: source.pushedAt,
    hasIssues: false,
    parent: source,
  });
  for (const [sha, commit] of source.git.commits) fork.git.commits.set(sha, commit);
  for (const [branch, sha] of source.git.branches) if (!onlyDefault || branch === source.defaultBranch) fork.git.branches.set(branch, sha);
  if (!onlyDefault) for (const [tag, sha] of source.git.tags) fork.git.tags.set(tag, sha);
  source.forks += 1;
  return ok(repoJson(ctx, fork, 'full'), 202);
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
  { method: 'POST', path: '/user/repos', handler: (ctx) => createRepository(ctx, undefined, DOCS.createForUser) },
  { method: 'POST', path: '/orgs/:org/repos', handler: (ctx) => createRepository(ctx, ctx.params.org ?? '', DOCS.createInOrg) },
  { method: 'POST', path: '/repos/:owner/:repo/forks', handler: createFork },
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
