import type { FakeResponse } from '../fake-upstream.js';
import { encodePath } from './git-records.js';
import { isBinary } from './git-store.js';
import { githubError, validationFailed } from './github-errors.js';
import { repoJson, simpleUser } from './github-records.js';
import { canSee } from './github-tokens.js';
import type { GitHubIssue, GitHubRepo } from './github-world.js';
import { fullName } from './github-world.js';
import { issueJson } from './issue-records.js';
import { paginate } from './pagination.js';
import type { GitHubRoute, RouteContext } from './route-table.js';
import { isAnswer, ok } from './route-table.js';
import { sortIssues } from './routes-issues.js';
import type { SearchQuery } from './search-query.js';
import { containsAll, findTerm, inRange, negatedValuesOf, parseDate, parseNumber, parseSearchQuery, valuesOf } from './search-query.js';

/**
 * `/search/{issues,repositories,code,users}`: `{ total_count, incomplete_results, items }` over
 * what the caller can see, with the qualifiers tools use, GitHub's 422s for empty, overlong or
 * unsearchable queries, the 401 for anonymous code search, and the first 1000 results only.
 */

const SEARCH_DOCS = 'https://docs.github.com/v3/search';
const DOCS = {
  issues: 'https://docs.github.com/rest/search/search#search-issues-and-pull-requests',
  repositories: 'https://docs.github.com/rest/search/search#search-repositories',
  code: 'https://docs.github.com/rest/search/search#search-code',
  users: 'https://docs.github.com/rest/search/search#search-users',
};
/** Code search skips files larger than this, as GitHub's index does. */
const CODE_INDEX_LIMIT = 384 * 1024;
const LANGUAGES: Record<string, string> = {
  ts: 'TypeScript',
  js: 'JavaScript',
  md: 'Markdown',
  json: 'JSON',
  csv: 'CSV',
  yml: 'YAML',
  yaml: 'YAML',
  svg: 'SVG',
  sh: 'Shell',
};

function parsed(ctx: RouteContext): SearchQuery | FakeResponse {
  const q = ctx.query.get('q') ?? '';
  if (q.trim() === '') return validationFailed([{ resource: 'Search', field: 'q', code: 'missing' }], SEARCH_DOCS);
  if (q.length > 256) {
    return validationFailed(
      [{ message: 'The search is longer than 256 characters.', resource: 'Search', field: 'q', code: 'invalid' }],
      SEARCH_DOCS,
    );
  }
  return parseSearchQuery(q);
}

/** Repositories the query may cover; a named repository, user or org the caller cannot see is a 422. */
function scope(ctx: RouteContext, query: SearchQuery): GitHubRepo[] | FakeResponse {
  const repos = valuesOf(query, 'repo');
  const owners = [...valuesOf(query, 'user'), ...valuesOf(query, 'org')];
  const visible = [...ctx.world.repos.values()].filter((repo) => canSee(ctx.world, ctx.caller, repo));
  const unknown =
    repos.some((name) => !visible.some((repo) => fullName(repo).toLowerCase() === name)) ||
    owners.some((owner) => !ctx.world.account(owner));
  if (unknown) {
    const message =
      'The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them.';
    return validationFailed([{ message, resource: 'Search', field: 'q', code: 'invalid' }], SEARCH_DOCS);
  }
  // repo:, user: and org: each widen the scope: `repo:a/b org:c` searches a/b and all of c.
  const scoped = repos.length > 0 || owners.length > 0;
  return visible.filter(
    (repo) =>
      (!scoped || repos.includes(fullName(repo).toLowerCase()) || owners.includes(repo.owner.toLowerCase())) &&
      !negatedValuesOf(query, 'repo').includes(fullName(repo).toLowerCase()),
  );
}

function answer(ctx: RouteContext, all: unknown[]): FakeResponse {
  const page = paginate(ctx, all, { maxResults: 1000 });
  return ok({ total_count: all.length, incomplete_results: false, items: page.items }, 200, page.headers);
}

function matchesIssue(query: SearchQuery, issue: GitHubIssue): boolean {
  const is = valuesOf(query, 'is');
  const types = [...valuesOf(query, 'type'), ...is.filter((value) => value === 'issue' || value === 'pr')];
  if (types.includes('issue') && issue.pull) return false;
  if ((types.includes('pr') || types.includes('pull-request')) && !issue.pull) return false;
  const states = [...valuesOf(query, 'state'), ...is.filter((value) => value === 'open' || value === 'closed')];
  if (states.some((state) => state !== issue.state)) return false;
  if (is.includes('merged') && !issue.pull?.mergedAt) return false;
  if (is.includes('unmerged') && (!issue.pull || issue.pull.mergedAt)) return false;
  if (is.includes('locked') && !issue.locked) return false;
  const labels = issue.labels.map((label) => label.toLowerCase());
  if (!valuesOf(query, 'label').every((label) => label.split(',').some((one) => labels.includes(one.trim())))) return false;
  if (negatedValuesOf(query, 'label').some((label) => labels.includes(label))) return false;
  const person = (key: string, logins: string[]) => valuesOf(query, key).every((login) => logins.includes(login));
  const assignees = issue.assignees.map((login) => login.toLowerCase());
  const commenters = issue.comments.map((comment) => comment.user.toLowerCase());
  if (!person('author', [issue.user.toLowerCase()]) || !person('assignee', assignees) || !person('commenter', commenters)) return false;
  if (negatedValuesOf(query, 'author').includes(issue.user.toLowerCase())) return false;
  if (!person('involves', [issue.user.toLowerCase(), ...assignees, ...commenters])) return false;
  if (!valuesOf(query, 'mentions').every((login) => (issue.body ?? '').toLowerCase().includes(`@${login}`))) return false;
  const missing = valuesOf(query, 'no');
  if ((missing.includes('label') && labels.length > 0) || (missing.includes('assignee') && assignees.length > 0)) return false;
  if (!valuesOf(query, 'created').every((range) => inRange(Date.parse(issue.createdAt), range, parseDate))) return false;
  if (!valuesOf(query, 'updated').every((range) => inRange(Date.parse(issue.updatedAt), range, parseDate))) return false;
  if (!valuesOf(query, 'comments').every((range) => inRange(issue.comments.length, range, parseNumber))) return false;
  const fields = valuesOf(query, 'in').flatMap((value) => value.split(','));
  const text = [
    fields.length === 0 || fields.includes('title') ? issue.title : '',
    fields.length === 0 || fields.includes('body') ? (issue.body ?? '') : '',
    fields.includes('comments') ? issue.comments.map((comment) => comment.body).join('\n') : '',
  ].join('\n');
  return containsAll(text, query.terms);
}

function searchIssues(ctx: RouteContext): FakeResponse {
  const query = parsed(ctx);
  if (isAnswer(query)) return query;
  const repos = scope(ctx, query);
  if (isAnswer(repos)) return repos;
  const hits = repos.flatMap((repo) =>
    [...repo.issues.values()].filter((issue) => matchesIssue(query, issue)).map((issue) => ({ repo, issue })),
  );
  const order = ctx.query.get('order') ?? 'desc';
  const sorted = sortIssues(
    hits.map((hit) => hit.issue),
    ctx.query.get('sort') ?? 'updated',
    order,
  );
  const repoOf = new Map(hits.map((hit) => [hit.issue, hit.repo]));
  return answer(
    ctx,
    sorted.map((issue) => ({ ...issueJson(ctx, repoOf.get(issue) as GitHubRepo, issue), score: 1 })),
  );
}

function searchRepositories(ctx: RouteContext): FakeResponse {
  const query = parsed(ctx);
  if (isAnswer(query)) return query;
  const repos = scope(ctx, query);
  if (isAnswer(repos)) return repos;
  const is = valuesOf(query, 'is');
  const fields = valuesOf(query, 'in').flatMap((value) => value.split(','));
  const found = repos.filter((repo) => {
    if (is.includes('public') && repo.private) return false;
    if (is.includes('private') && !repo.private) return false;
    if (valuesOf(query, 'archived').some((value) => String(repo.archived) !== value)) return false;
    if (!valuesOf(query, 'language').every((language) => repo.language?.toLowerCase() === language)) return false;
    if (!valuesOf(query, 'topic').every((topic) => repo.topics.includes(topic))) return false;
    if (!valuesOf(query, 'stars').every((range) => inRange(repo.stargazers, range, parseNumber))) return false;
    const text = [
      fields.length === 0 || fields.includes('name') ? fullName(repo) : '',
      fields.length === 0 || fields.includes('description') ? (repo.description ?? '') : '',
      fields.length === 0 || fields.includes('topics') ? repo.topics.join(' ') : '',
    ].join('\n');
    return containsAll(text, query.terms);
  });
  const sort = ctx.query.get('sort');
  const key = (repo: GitHubRepo) => (sort === 'forks' ? repo.forks : sort === 'updated' ? Date.parse(repo.updatedAt) : repo.stargazers);
  const sorted = found.sort((a, b) => key(b) - key(a) || a.id - b.id);
  if (ctx.query.get('order') === 'asc') sorted.reverse();
  return answer(
    ctx,
    sorted.map((repo) => ({ ...repoJson(ctx, repo, 'list'), score: 1 })),
  );
}

function fragmentAround(text: string, term: string): { fragment: string; matches: { text: string; indices: number[] }[] } | undefined {
  const at = findTerm(text, term);
  if (at === -1) return undefined;
  const start = Math.max(0, text.lastIndexOf('\n', Math.max(0, at - 80)) + 1);
  const end = Math.min(text.length, at + term.length + 80);
  const fragment = text.slice(start, end);
  return { fragment, matches: [{ text: text.slice(at, at + term.length), indices: [at - start, at - start + term.length] }] };
}

function searchCode(ctx: RouteContext): FakeResponse {
  if (!ctx.caller.account) {
    return githubError(401, 'Requires authentication', DOCS.code, {
      errors: [{ message: 'Must be authenticated to access the code search API', resource: 'Search', field: 'q', code: 'invalid' }],
    });
  }
  const query = parsed(ctx);
  if (isAnswer(query)) return query;
  const repos = scope(ctx, query);
  if (isAnswer(repos)) return repos;
  const paths = valuesOf(query, 'path');
  const filenames = valuesOf(query, 'filename');
  const extensions = valuesOf(query, 'extension');
  const languages = valuesOf(query, 'language');
  const inPath = valuesOf(query, 'in').some((value) => value.includes('path'));
  const textMatch = ctx.accept.includes('text-match');
  const items: Record<string, unknown>[] = [];
  for (const repo of repos) {
    const head = repo.git.resolveBranch(repo.defaultBranch);
    if (!head) continue;
    for (const [path, entry] of [...head.files].sort(([a], [b]) => a.localeCompare(b))) {
      if (entry.kind !== 'file' || entry.content.length > CODE_INDEX_LIMIT || isBinary(entry.content)) continue;
      const name = path.slice(path.lastIndexOf('/') + 1);
      const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
      const language = LANGUAGES[extension] ?? null;
      if (!paths.every((wanted) => path.toLowerCase().startsWith(wanted.replace(/^\/+/, '')))) continue;
      if (!filenames.every((wanted) => name.toLowerCase() === wanted)) continue;
      if (!extensions.every((wanted) => extension === wanted)) continue;
      if (!languages.every((wanted) => language?.toLowerCase() === wanted)) continue;
      const text = entry.content.toString('utf8');
      if (!containsAll(inPath ? `${path}\n${text}` : text, query.terms)) continue;
      const api = `${ctx.links.api}/repositories/${repo.id}`;
      const urlPath = encodePath(path);
      const match = query.terms[0] === undefined ? undefined : fragmentAround(text, query.terms[0]);
      items.push({
        name,
        path,
        sha: entry.sha,
        url: `${api}/contents/${urlPath}?ref=${head.sha}`,
        git_url: `${api}/git/blobs/${entry.sha}`,
        html_url: `${ctx.links.web}/${fullName(repo)}/blob/${head.sha}/${urlPath}`,
        repository: repoJson(ctx, repo, 'minimal'),
        score: 1,
        file_size: entry.content.length,
        language,
        last_modified_at: head.committer.date,
        ...(textMatch && match
          ? {
              text_matches: [
                { object_url: `${api}/contents/${urlPath}?ref=${head.sha}`, object_type: 'FileContent', property: 'content', ...match },
              ],
            }
          : {}),
      });
    }
  }
  return answer(ctx, items);
}

function searchUsers(ctx: RouteContext): FakeResponse {
  const query = parsed(ctx);
  if (isAnswer(query)) return query;
  const types = valuesOf(query, 'type');
  const fields = valuesOf(query, 'in').flatMap((value) => value.split(','));
  const found = [...ctx.world.accounts.values()].filter((account) => {
    if (types.includes('user') && account.type !== 'User') return false;
    if ((types.includes('org') || types.includes('organization')) && account.type !== 'Organization') return false;
    const text = [
      fields.length === 0 || fields.includes('login') ? account.login : '',
      fields.length === 0 || fields.includes('name') ? (account.name ?? '') : '',
      fields.includes('email') ? (account.email ?? '') : '',
    ].join('\n');
    return containsAll(text, query.terms);
  });
  // Best match is the fake's account order; `joined` and `repositories` sort as GitHub does
  // (the fake keeps no followers, so that sort keeps best match).
  const repositories = (login: string) =>
    [...ctx.world.repos.values()].filter((repo) => repo.owner.toLowerCase() === login.toLowerCase()).length;
  const sort = ctx.query.get('sort');
  const descending = ctx.query.get('order') !== 'asc';
  const key = (account: (typeof found)[number]) =>
    sort === 'joined' ? Date.parse(account.createdAt) : sort === 'repositories' ? repositories(account.login) : undefined;
  found.sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    if (ka === undefined || kb === undefined || ka === kb) return a.id - b.id;
    return descending ? kb - ka : ka - kb;
  });
  return answer(
    ctx,
    found.map((account) => ({ ...simpleUser(account, ctx.links), score: 1 })),
  );
}

export const searchRoutes: GitHubRoute[] = [
  { method: 'GET', path: '/search/issues', handler: searchIssues },
  { method: 'GET', path: '/search/repositories', handler: searchRepositories },
  { method: 'GET', path: '/search/code', handler: searchCode },
  { method: 'GET', path: '/search/users', handler: searchUsers },
];
