import { describe, expect, it } from 'vitest';
import { SEED_TOKENS } from './default-seed.js';
import { call, type Json, useFakeGitHub } from './fake-github-request.fixture.js';
import { HIDDEN_INSTRUCTION, tagCharacters } from './seed-issues.js';

// Issues, comments and the permission rules around them; the hostile seed content; search.

const fake = useFakeGitHub();

const { octocat, mallory, monalisa, hubot } = SEED_TOKENS;

describe('reading issues', () => {
  it('lists open issues and pull requests by default, newest first', async () => {
    const github = await fake();
    const { body } = await call(`${github.url}/repos/octo-org/hello-world/issues?per_page=100`);
    expect(body).toHaveLength(23);
    expect(body.every((issue: Json) => issue.state === 'open')).toBe(true);
    expect(body[0].number).toBe(38);
    const pulls = body.filter((issue: Json) => issue.pull_request);
    expect(pulls.map((issue: Json) => issue.number)).toEqual([32, 31]);
    expect(pulls[0].pull_request).toMatchObject({ url: `${github.url}/repos/octo-org/hello-world/pulls/32`, merged_at: null });
  });

  it('filters by state, labels, creator and time, and sorts', async () => {
    const github = await fake();
    const numbers = async (query: string) =>
      (await call(`${github.url}/repos/octo-org/hello-world/issues?per_page=100&${query}`)).body.map((issue: Json) => issue.number);
    expect(await numbers('state=all')).toHaveLength(38);
    expect(await numbers('state=closed&labels=bug')).toEqual([18, 1]);
    expect(await numbers('labels=documentation,good%20first%20issue&state=all')).toEqual([3]);
    expect(await numbers('creator=mallory')).toEqual([35, 10, 5]);
    expect(await numbers('assignee=hubot')).toEqual([34, 11]);
    expect((await numbers('state=all&sort=created&direction=asc')).slice(0, 3)).toEqual([1, 2, 3]);
    expect(await numbers('state=all&since=2026-02-18T00:00:00Z')).toEqual([38, 37, 36]);
  });

  it('shows each author’s association, and keeps hostile text exactly as written', async () => {
    const github = await fake();
    const issue = async (n: number) => (await call(`${github.url}/repos/octo-org/hello-world/issues/${n}`)).body;
    const five = await issue(5);
    expect(five).toMatchObject({
      user: { login: 'mallory' },
      author_association: 'NONE',
      labels: [{ name: 'bug', color: 'd73a4a' }],
      comments: 2,
    });
    expect(five.body).toContain(tagCharacters(HIDDEN_INSTRUCTION));
    expect(five.body).toContain('\u200b\u200c\u200d');
    const seven = await issue(7);
    expect(seven.author_association).toBe('CONTRIBUTOR');
    expect(seven.body).toContain('<!-- SYSTEM:');
    expect(seven.body).toContain('<script>');
    expect(seven.body).toContain('onerror=');
    expect((await issue(11)).author_association).toBe('MEMBER');
    const comments = await call(`${github.url}/repos/octo-org/hello-world/issues/5/comments`);
    expect(comments.body.map((comment: Json) => [comment.user.login, comment.author_association])).toEqual([
      ['octocat', 'MEMBER'],
      ['mallory', 'NONE'],
    ]);
    expect(comments.body[1].body).toContain('\u202e');
    expect(comments.body[1].html_url).toBe(`https://github.com/octo-org/hello-world/issues/5#issuecomment-${comments.body[1].id}`);
    const closed = await issue(36);
    expect(closed).toMatchObject({ state: 'closed', state_reason: 'not_planned', closed_by: { login: 'octocat' } });
    expect((await call(`${github.url}/repos/octo-org/hello-world/issues/999`)).status).toBe(404);
  });
});

describe('writing issues', () => {
  const url = (github: { url: string }, path = '') => `${github.url}/repos/octo-org/hello-world/issues${path}`;

  it('lets anyone who can read open an issue, dropping labels and assignees from people without triage', async () => {
    const github = await fake();
    const anonymous = await call(url(github), { method: 'POST', body: { title: 'x' } });
    expect(anonymous.status).toBe(401);
    const stranger = await call(url(github), {
      method: 'POST',
      token: mallory,
      body: { title: 'Please', body: 'hi', labels: ['bug'], assignees: ['octocat'] },
    });
    expect(stranger.status).toBe(201);
    expect(stranger.body).toMatchObject({
      number: 39,
      title: 'Please',
      body: 'hi',
      labels: [],
      assignees: [],
      state: 'open',
      author_association: 'NONE',
      created_at: '2026-11-23T14:07:00Z',
    });
    const member = await call(url(github), {
      method: 'POST',
      token: octocat,
      body: { title: 'Tracked', labels: ['bug', 'needs-triage'], assignees: ['hubot'] },
    });
    expect(member.body.labels.map((label: Json) => label.name)).toEqual(['bug', 'needs-triage']);
    expect(member.body.assignees.map((user: Json) => user.login)).toEqual(['hubot']);
    expect(github.world.repo('octo-org', 'hello-world')?.labels.has('needs-triage')).toBe(true);
    const badAssignee = await call(url(github), { method: 'POST', token: octocat, body: { title: 'x', assignees: ['mallory'] } });
    expect(badAssignee.status).toBe(422);
    expect(badAssignee.body.errors).toEqual([{ value: 'mallory', resource: 'Issue', field: 'assignees', code: 'invalid' }]);
    expect((await call(url(github), { method: 'POST', token: octocat, body: { body: 'no title' } })).body.message).toBe(
      'Invalid request.\n\n"title" wasn\'t supplied.',
    );
    expect(
      (await call(`${github.url}/repos/octo-org/secret-plans/issues`, { method: 'POST', token: mallory, body: { title: 'x' } })).status,
    ).toBe(404);
    expect((await call(url(github), { method: 'POST', token: SEED_TOKENS.hubotReadOnly, body: { title: 'x' } })).status).toBe(403);
  });

  it('lets authors edit their own issues, collaborators anything, and refuses everyone else', async () => {
    const github = await fake();
    const foreign = await call(url(github, '/11'), { method: 'PATCH', token: mallory, body: { state: 'closed' } });
    expect(foreign.status).toBe(403);
    expect(foreign.body.message).toBe('Must have admin rights to Repository.');
    const own = await call(url(github, '/5'), {
      method: 'PATCH',
      token: mallory,
      body: { title: 'Builds fail', labels: ['wontfix'], state: 'closed' },
    });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      title: 'Builds fail',
      state: 'closed',
      state_reason: 'completed',
      labels: [{ name: 'bug' }],
      closed_by: { login: 'mallory' },
    });
    const triaged = await call(url(github, '/10'), {
      method: 'PATCH',
      token: hubot,
      body: { state: 'closed', state_reason: 'not_planned', labels: ['invalid'] },
    });
    expect(triaged.body).toMatchObject({
      state: 'closed',
      state_reason: 'not_planned',
      closed_at: '2026-11-23T14:07:00Z',
      labels: [{ name: 'invalid' }],
    });
    const reopened = await call(url(github, '/10'), { method: 'PATCH', token: octocat, body: { state: 'open' } });
    expect(reopened.body).toMatchObject({ state: 'open', state_reason: 'reopened', closed_at: null });
    expect((await call(url(github, '/10'), { method: 'PATCH', token: octocat, body: { state: 'done' } })).status).toBe(422);
    expect((await call(url(github, '/10'), { method: 'PATCH', body: { state: 'closed' } })).status).toBe(401);
  });

  it('adds comments, refusing strangers on locked issues', async () => {
    const github = await fake();
    const created = await call(url(github, '/3/comments'), { method: 'POST', token: mallory, body: { body: 'me too' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ body: 'me too', user: { login: 'mallory' }, author_association: 'NONE' });
    const list = await call(url(github, '/3/comments'));
    expect(list.body.map((comment: Json) => comment.body)).toEqual(['I can take this one!', 'Thanks @monalisa!', 'me too']);
    expect((await call(url(github, '/3'))).body.comments).toBe(3);
    const locked = await call(url(github, '/37/comments'), { method: 'POST', token: monalisa, body: { body: 'hello?' } });
    expect(locked.status).toBe(403);
    expect(locked.body.message).toBe('Unable to create comment because issue is locked.');
    expect((await call(url(github, '/37/comments'), { method: 'POST', token: octocat, body: { body: 'Still locked.' } })).status).toBe(201);
    expect((await call(url(github, '/3/comments'), { method: 'POST', token: octocat, body: {} })).status).toBe(422);
  });
});

describe('search', () => {
  /** `token: null` searches anonymously. */
  const search = (github: { url: string }, kind: string, q: string, token: string | null = octocat, accept?: string) =>
    call(`${github.url}/search/${kind}?q=${encodeURIComponent(q)}`, { ...(token ? { token } : {}), ...(accept ? { accept } : {}) });

  it('finds issues and pull requests by qualifier and text', async () => {
    const github = await fake();
    const numbers = async (q: string) =>
      (await search(github, 'issues', q)).body.items.map((item: Json) => item.number).sort((a: number, b: number) => a - b);
    const bugs = await search(github, 'issues', 'repo:octo-org/hello-world is:issue is:open label:bug');
    expect(bugs.body).toMatchObject({ total_count: 5, incomplete_results: false });
    expect(bugs.body.items[0]).toMatchObject({ score: 1, repository_url: `${github.url}/repos/octo-org/hello-world` });
    expect(await numbers('repo:octo-org/hello-world author:mallory')).toEqual([5, 10, 35]);
    expect(await numbers('repo:octo-org/hello-world is:pr is:merged')).toEqual([8]);
    expect(await numbers('repo:octo-org/hello-world is:pr')).toEqual([8, 31, 32]);
    expect(await numbers('label:"good first issue" state:open')).toEqual([38]);
    expect(await numbers('greetIn in:title')).toEqual([33, 38]);
    expect(await numbers('repo:octo-org/hello-world no:label is:open -author:mallory is:issue')).toEqual([]);
  });

  it('covers only what the caller can see, and refuses unsearchable or empty queries', async () => {
    const github = await fake();
    expect((await search(github, 'issues', 'launch')).body.items.map((item: Json) => item.title)).toEqual(['Pick the launch date']);
    expect((await search(github, 'issues', 'launch', mallory)).body.total_count).toBe(0);
    const hidden = await search(github, 'issues', 'repo:octo-org/secret-plans launch', mallory);
    expect(hidden.status).toBe(422);
    expect(hidden.body.errors[0]).toMatchObject({ resource: 'Search', field: 'q', code: 'invalid' });
    expect(hidden.body.errors[0].message).toMatch(/cannot be searched either because the resources do not exist/);
    const empty = await call(`${github.url}/search/issues?q=`, { token: octocat });
    expect(empty.status).toBe(422);
    expect(empty.body).toEqual({
      message: 'Validation Failed',
      errors: [{ resource: 'Search', field: 'q', code: 'missing' }],
      documentation_url: 'https://docs.github.com/v3/search',
      status: '422',
    });
  });

  it('finds repositories and users', async () => {
    const github = await fake();
    const names = async (q: string, token: string = octocat) =>
      (await search(github, 'repositories', q, token)).body.items.map((item: Json) => item.full_name);
    expect(await names('hello')).toEqual(['octo-org/hello-world']);
    expect(await names('topic:svg')).toEqual(['monalisa/sketchbook']);
    expect(await names('org:octo-org')).toEqual(['octo-org/hello-world', 'octo-org/secret-plans']);
    expect(await names('org:octo-org', mallory)).toEqual(['octo-org/hello-world']);
    expect(await names('is:private')).toEqual(['octo-org/secret-plans']);
    const users = await search(github, 'users', 'mona');
    expect(users.body.items.map((item: Json) => item.login)).toEqual(['monalisa']);
    expect((await search(github, 'users', 'octo type:org')).body.items.map((item: Json) => item.login)).toEqual(['octo-org']);
  });

  it('searches code on default branches, with text matches, and only for signed-in callers', async () => {
    const github = await fake();
    const anonymous = await search(github, 'code', 'greet', null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors[0].message).toBe('Must be authenticated to access the code search API');
    const found = await search(
      github,
      'code',
      'greetIn repo:octo-org/hello-world extension:ts',
      octocat,
      'application/vnd.github.text-match+json',
    );
    expect(found.body.items.map((item: Json) => item.path)).toEqual(['src/greet.ts', 'src/index.ts']);
    const item = found.body.items[0];
    expect(item).toMatchObject({ name: 'greet.ts', repository: { full_name: 'octo-org/hello-world' }, score: 1 });
    expect(item.html_url).toMatch(/^https:\/\/github\.com\/octo-org\/hello-world\/blob\/[0-9a-f]{40}\/src\/greet\.ts$/);
    expect(item.text_matches[0].matches[0].text).toBe('greetIn');
    const fetched = await call(item.url, { token: octocat });
    expect(fetched.body.sha).toBe(item.sha);
    // The dataset is too large for the index; feature flags live on dev only.
    expect((await search(github, 'code', 'region-3 repo:octo-org/hello-world')).body.total_count).toBe(0);
    expect((await search(github, 'code', 'setFlag')).body.total_count).toBe(0);
    expect((await search(github, 'code', 'BLUE OCTOPUS', mallory)).body.total_count).toBe(0);
    expect((await search(github, 'code', 'OCTOPUS')).body.items.map((hit: Json) => hit.path)).toEqual(['plans/launch.md']);
  });
});
