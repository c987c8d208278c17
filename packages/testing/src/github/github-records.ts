import type { Caller } from './github-tokens.js';
import { accessOf } from './github-tokens.js';
import type { GitHubAccount, GitHubRepo, GitHubWorld } from './github-world.js';
import { fullName, roleAtLeast } from './github-world.js';
import type { Links } from './route-table.js';

/**
 * JSON shapes for accounts and repositories, field for field as the REST API (2022-11-28) writes
 * them, with every URL pointing back at the fake.
 */

export interface RecordContext {
  world: GitHubWorld;
  links: Links;
  caller: Caller;
}

/** Legacy global node ids (`MDQ6VXNlcjE=` is `04:User1`), which GitHub still issues and accepts. */
export function nodeId(type: string, id: number | string): string {
  return Buffer.from(`0${type.length}:${type}${id}`).toString('base64');
}

export function simpleUser(account: GitHubAccount, links: Links): Record<string, unknown> {
  const api = `${links.api}/users/${account.login}`;
  return {
    login: account.login,
    id: account.id,
    node_id: nodeId(account.type, account.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${account.id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: `${links.web}/${account.login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: account.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

/** A login as a simple user, or null for an account the world does not know (a "ghost"). */
export function userRef(ctx: RecordContext, login: string | null): Record<string, unknown> | null {
  if (login === null) return null;
  const account = ctx.world.account(login);
  return account ? simpleUser(account, ctx.links) : null;
}

export function publicUser(ctx: RecordContext, account: GitHubAccount): Record<string, unknown> {
  const owned = [...ctx.world.repos.values()].filter((repo) => repo.owner === account.login);
  return {
    ...simpleUser(account, ctx.links),
    name: account.name,
    company: account.company,
    blog: account.blog,
    location: account.location,
    email: account.email,
    hireable: null,
    bio: account.bio,
    twitter_username: null,
    public_repos: owned.filter((repo) => !repo.private).length,
    public_gists: 0,
    followers: 20,
    following: 5,
    created_at: account.createdAt,
    updated_at: account.createdAt,
  };
}

/** `GET /user`: the public profile plus what only the account holder sees. */
export function privateUser(ctx: RecordContext, account: GitHubAccount): Record<string, unknown> {
  const owned = [...ctx.world.repos.values()].filter((repo) => repo.owner === account.login);
  const privateCount = owned.filter((repo) => repo.private).length;
  return {
    ...publicUser(ctx, account),
    private_gists: 0,
    total_private_repos: privateCount,
    owned_private_repos: privateCount,
    disk_usage: 1024,
    collaborators: 0,
    two_factor_authentication: true,
    plan: { name: 'pro', space: 976562499, collaborators: 0, private_repos: 9999 },
  };
}

function repoUrls(repo: GitHubRepo, links: Links): Record<string, string> {
  const api = `${links.api}/repos/${fullName(repo)}`;
  const host = new URL(links.web).host;
  return {
    forks_url: `${api}/forks`,
    keys_url: `${api}/keys{/key_id}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    teams_url: `${api}/teams`,
    hooks_url: `${api}/hooks`,
    issue_events_url: `${api}/issues/events{/number}`,
    events_url: `${api}/events`,
    assignees_url: `${api}/assignees{/user}`,
    branches_url: `${api}/branches{/branch}`,
    tags_url: `${api}/tags`,
    blobs_url: `${api}/git/blobs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    trees_url: `${api}/git/trees{/sha}`,
    statuses_url: `${api}/statuses/{sha}`,
    languages_url: `${api}/languages`,
    stargazers_url: `${api}/stargazers`,
    contributors_url: `${api}/contributors`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    commits_url: `${api}/commits{/sha}`,
    git_commits_url: `${api}/git/commits{/sha}`,
    comments_url: `${api}/comments{/number}`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    contents_url: `${api}/contents/{+path}`,
    compare_url: `${api}/compare/{base}...{head}`,
    merges_url: `${api}/merges`,
    archive_url: `${api}/{archive_format}{/ref}`,
    downloads_url: `${api}/downloads`,
    issues_url: `${api}/issues{/number}`,
    pulls_url: `${api}/pulls{/number}`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    labels_url: `${api}/labels{/name}`,
    releases_url: `${api}/releases{/id}`,
    deployments_url: `${api}/deployments`,
    git_url: `git://${host}/${fullName(repo)}.git`,
    ssh_url: `git@${host}:${fullName(repo)}.git`,
    clone_url: `${links.web}/${fullName(repo)}.git`,
    svn_url: `${links.web}/${fullName(repo)}`,
  };
}

export function permissionsFor(ctx: RecordContext, repo: GitHubRepo): Record<string, boolean> {
  const access = accessOf(ctx.world, ctx.caller, repo);
  return {
    admin: roleAtLeast(access, 'admin'),
    maintain: roleAtLeast(access, 'maintain'),
    push: roleAtLeast(access, 'write'),
    triage: roleAtLeast(access, 'triage'),
    pull: roleAtLeast(access, 'read'),
  };
}

/**
 * A repository. `list` is what listings and search return (no network counts); `full` is
 * `GET /repos/{owner}/{repo}`; `minimal` is the trimmed form inside code search items.
 */
export function repoJson(ctx: RecordContext, repo: GitHubRepo, kind: 'full' | 'list' | 'minimal' = 'list'): Record<string, unknown> {
  const owner = ctx.world.account(repo.owner);
  const openIssues = [...repo.issues.values()].filter((issue) => issue.state === 'open').length;
  const urls = repoUrls(repo, ctx.links);
  const license = repo.license
    ? {
        key: repo.license.key,
        name: repo.license.name,
        spdx_id: repo.license.spdxId,
        url: `${ctx.links.api}/licenses/${repo.license.key}`,
        node_id: nodeId('License', repo.license.key),
      }
    : null;
  const base: Record<string, unknown> = {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: fullName(repo),
    private: repo.private,
    owner: owner ? simpleUser(owner, ctx.links) : null,
    html_url: `${ctx.links.web}/${fullName(repo)}`,
    description: repo.description,
    fork: repo.parent !== undefined,
    url: `${ctx.links.api}/repos/${fullName(repo)}`,
    ...urls,
  };
  if (kind === 'minimal') {
    for (const key of ['git_url', 'ssh_url', 'clone_url', 'svn_url']) delete base[key];
    return base;
  }
  const json: Record<string, unknown> = {
    ...base,
    created_at: repo.createdAt,
    updated_at: repo.updatedAt,
    pushed_at: repo.pushedAt,
    homepage: repo.homepage,
    size: sizeInKb(repo),
    stargazers_count: repo.stargazers,
    watchers_count: repo.watchers,
    language: repo.language,
    has_issues: repo.hasIssues,
    has_projects: true,
    has_downloads: true,
    has_wiki: true,
    has_pages: false,
    has_discussions: false,
    forks_count: repo.forks,
    mirror_url: null,
    archived: repo.archived,
    disabled: false,
    open_issues_count: openIssues,
    license,
    allow_forking: true,
    is_template: false,
    web_commit_signoff_required: false,
    topics: repo.topics,
    visibility: repo.private ? 'private' : 'public',
    forks: repo.forks,
    open_issues: openIssues,
    watchers: repo.watchers,
    default_branch: repo.defaultBranch,
  };
  if (ctx.caller.account) json.permissions = permissionsFor(ctx, repo);
  if (kind === 'full') {
    Object.assign(json, {
      temp_clone_token: repo.private ? '' : null,
      allow_squash_merge: true,
      allow_merge_commit: true,
      allow_rebase_merge: true,
      allow_auto_merge: false,
      delete_branch_on_merge: false,
      allow_update_branch: false,
      use_squash_pr_title_as_default: false,
      squash_merge_commit_message: 'COMMIT_MESSAGES',
      squash_merge_commit_title: 'COMMIT_OR_PR_TITLE',
      merge_commit_message: 'PR_TITLE',
      merge_commit_title: 'MERGE_MESSAGE',
      network_count: repo.forks,
      subscribers_count: Math.max(1, Math.round(repo.watchers / 10)),
      ...(owner?.type === 'Organization' ? { organization: simpleUser(owner, ctx.links) } : {}),
      // A fork names its parent and the root of its network, as GitHub does in a full answer.
      ...(repo.parent && { parent: repoJson(ctx, repo.parent), source: repoJson(ctx, rootOf(repo.parent)) }),
    });
  }
  return json;
}

/** The repository a fork network starts from. */
function rootOf(repo: GitHubRepo): GitHubRepo {
  let root = repo;
  while (root.parent) root = root.parent;
  return root;
}

function sizeInKb(repo: GitHubRepo): number {
  const head = repo.git.resolveBranch(repo.defaultBranch);
  if (!head) return 0;
  let bytes = 0;
  for (const entry of head.files.values()) if (entry.kind === 'file') bytes += entry.content.length;
  return Math.ceil(bytes / 1024);
}
