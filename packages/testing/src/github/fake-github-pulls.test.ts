import { describe, expect, it } from 'vitest';
import { SEED_TOKENS } from './default-seed.js';
import { call, type Json, useFakeGitHub } from './fake-github-request.fixture.js';

// Pull requests: reading (JSON, diff, files, commits, reviews), opening, reviewing, requesting
// reviewers and merging, which moves the base branch.

const fake = useFakeGitHub();

const { octocat, hubot, mallory } = SEED_TOKENS;
const pulls = (github: { url: string }, path = '') => `${github.url}/repos/octo-org/hello-world/pulls${path}`;

describe('reading pull requests', () => {
  it('lists open pull requests and filters by head', async () => {
    const github = await fake();
    expect((await call(pulls(github))).body.map((pull: Json) => pull.number)).toEqual([32, 31]);
    expect((await call(`${pulls(github)}?state=closed`)).body.map((pull: Json) => pull.number)).toEqual([8]);
    expect((await call(`${pulls(github)}?head=octo-org:dev`)).body.map((pull: Json) => pull.number)).toEqual([31]);
  });

  it('describes a pull request with its merge state, size and branches', async () => {
    const github = await fake();
    const { body } = await call(pulls(github, '/31'), { token: octocat });
    expect(body).toMatchObject({
      number: 31,
      state: 'open',
      title: 'Add feature flags',
      user: { login: 'hubot' },
      merged: false,
      mergeable: true,
      mergeable_state: 'clean',
      commits: 6,
      changed_files: 6,
      deletions: 0,
      head: { ref: 'dev', label: 'octo-org:dev', repo: { full_name: 'octo-org/hello-world' } },
      base: { ref: 'main' },
      requested_reviewers: [{ login: 'octocat' }],
      author_association: 'MEMBER',
      html_url: 'https://github.com/octo-org/hello-world/pull/31',
    });
    expect((await call(pulls(github, '/32'))).body).toMatchObject({ mergeable: false, mergeable_state: 'dirty' });
    expect((await call(pulls(github, '/8'))).body).toMatchObject({
      state: 'closed',
      merged: true,
      merged_by: { login: 'octocat' },
      changed_files: 1,
    });
    expect((await call(pulls(github, '/5'))).status).toBe(404);
  });

  it('returns the diff, files, commits, reviews and review comments', async () => {
    const github = await fake();
    const diff = await call(pulls(github, '/31'), { accept: 'application/vnd.github.diff' });
    expect(diff.type).toBe('application/vnd.github.diff; charset=utf-8');
    expect(diff.text).toContain('diff --git a/src/flags/store.ts b/src/flags/store.ts\nnew file mode 100644\n');
    expect(diff.text).toContain('+++ b/docs/flags.md\n@@ -0,0 +1,3 @@\n+# Feature flags');
    const files = await call(pulls(github, '/31/files'));
    expect(files.body.map((file: Json) => [file.filename, file.status])).toContainEqual(['src/flags/store.ts', 'added']);
    expect(files.body).toHaveLength(6);
    const commits = await call(pulls(github, '/31/commits'));
    expect(commits.body.map((commit: Json) => commit.commit.message)[0]).toBe('Add feature flag store');
    const reviews = await call(pulls(github, '/31/reviews'));
    expect(reviews.body).toEqual([
      expect.objectContaining({ state: 'COMMENTED', user: expect.objectContaining({ login: 'octocat' }), author_association: 'MEMBER' }),
    ]);
    const comments = await call(pulls(github, '/31/comments'));
    expect(comments.body[0]).toMatchObject({
      path: 'src/flags/store.ts',
      line: 4,
      side: 'RIGHT',
      pull_request_review_id: reviews.body[0].id,
    });
    expect(comments.body[0].diff_hunk).toMatch(/^@@ -0,0 \+1,4 @@/);
  });
});

describe('changing pull requests', () => {
  it('opens a pull request from a new branch, refusing duplicates and empty ones', async () => {
    const github = await fake();
    const base = `${github.url}/repos/octo-org/hello-world`;
    const main = (await call(`${base}/git/ref/heads/main`)).body.object.sha;
    await call(`${base}/git/refs`, { method: 'POST', token: hubot, body: { ref: 'refs/heads/hubot/docs', sha: main } });
    const empty = await call(pulls(github), { method: 'POST', token: hubot, body: { title: 'Docs', head: 'hubot/docs', base: 'main' } });
    expect(empty.status).toBe(422);
    expect(empty.body.errors[0].message).toBe('No commits between main and hubot/docs');
    await call(`${base}/contents/docs/more.md`, {
      method: 'PUT',
      token: hubot,
      body: { message: 'More docs', content: Buffer.from('more\n').toString('base64'), branch: 'hubot/docs' },
    });
    const opened = await call(pulls(github), {
      method: 'POST',
      token: hubot,
      body: { title: 'Docs', head: 'octo-org:hubot/docs', base: 'main', body: 'Adds docs.' },
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({
      number: 39,
      state: 'open',
      mergeable: true,
      commits: 1,
      changed_files: 1,
      head: { ref: 'hubot/docs' },
    });
    expect((await call(`${base}/issues/39`)).body.pull_request.url).toBe(pulls(github, '/39'));
    const duplicate = await call(pulls(github), {
      method: 'POST',
      token: hubot,
      body: { title: 'Again', head: 'hubot/docs', base: 'main' },
    });
    expect(duplicate.body.errors[0].message).toBe('A pull request already exists for octo-org:hubot/docs.');
    expect((await call(pulls(github), { method: 'POST', token: hubot, body: { title: 'x', head: 'nope', base: 'main' } })).status).toBe(
      422,
    );
  });

  it('reviews, refusing to let authors approve their own work', async () => {
    const github = await fake();
    const own = await call(pulls(github, '/31/reviews'), { method: 'POST', token: hubot, body: { event: 'APPROVE' } });
    expect(own.status).toBe(422);
    expect(own.body.errors[0].message).toBe('Can not approve your own pull request');
    const approved = await call(pulls(github, '/31/reviews'), {
      method: 'POST',
      token: octocat,
      body: { event: 'APPROVE', body: 'Ship it', comments: [{ path: 'docs/flags.md', line: 1, body: 'Nice' }] },
    });
    expect(approved.body).toMatchObject({ state: 'APPROVED', body: 'Ship it', user: { login: 'octocat' } });
    expect((await call(pulls(github, '/31'))).body.requested_reviewers).toEqual([]);
    expect((await call(pulls(github, '/31/comments'))).body).toHaveLength(2);
  });

  it('requests reviews from collaborators only', async () => {
    const github = await fake();
    const stranger = await call(pulls(github, '/32/requested_reviewers'), {
      method: 'POST',
      token: octocat,
      body: { reviewers: ['monalisa'] },
    });
    expect(stranger.status).toBe(422);
    expect(stranger.body.message).toMatch(/^Reviews may only be requested from collaborators\./);
    const author = await call(pulls(github, '/32/requested_reviewers'), {
      method: 'POST',
      token: octocat,
      body: { reviewers: ['octocat'] },
    });
    expect(author.body.errors[0].message).toBe('Review cannot be requested from pull request author.');
    const requested = await call(pulls(github, '/32/requested_reviewers'), {
      method: 'POST',
      token: octocat,
      body: { reviewers: ['hubot'] },
    });
    expect(requested.status).toBe(201);
    expect(requested.body.requested_reviewers.map((user: Json) => user.login)).toEqual(['hubot']);
    expect(
      (await call(pulls(github, '/32/requested_reviewers'), { method: 'POST', token: mallory, body: { reviewers: ['hubot'] } })).status,
    ).toBe(403);
  });

  it('merges a clean pull request onto its base, and refuses a conflicting or merged one with 405', async () => {
    const github = await fake();
    const base = `${github.url}/repos/octo-org/hello-world`;
    expect((await call(pulls(github, '/31/merge'), { method: 'PUT', token: mallory })).status).toBe(404);
    expect((await call(pulls(github, '/31/merge'), { method: 'PUT', token: SEED_TOKENS.hubotReadOnly })).status).toBe(403);
    const stale = await call(pulls(github, '/31/merge'), { method: 'PUT', token: octocat, body: { sha: 'a'.repeat(40) } });
    expect(stale.status).toBe(409);
    const merged = await call(pulls(github, '/31/merge'), { method: 'PUT', token: octocat, body: { merge_method: 'squash' } });
    expect(merged.body).toMatchObject({ merged: true, message: 'Pull Request successfully merged' });
    const head = await call(`${base}/commits/main`);
    expect(head.body).toMatchObject({
      sha: merged.body.sha,
      commit: { message: expect.stringMatching(/^Add feature flags \(#31\)\n\n\* Add feature flag store/) },
    });
    expect(head.body.parents).toHaveLength(1);
    expect((await call(`${base}/contents/src/flags/store.ts`)).status).toBe(200);
    const after = (await call(pulls(github, '/31'))).body;
    expect(after).toMatchObject({
      state: 'closed',
      merged: true,
      merged_by: { login: 'octocat' },
      merge_commit_sha: merged.body.sha,
      changed_files: 6,
    });
    const conflicting = await call(pulls(github, '/32/merge'), { method: 'PUT', token: octocat });
    expect(conflicting.status).toBe(405);
    expect(conflicting.body).toEqual({
      message: 'Pull Request is not mergeable',
      documentation_url: 'https://docs.github.com/rest/pulls/pulls#merge-a-pull-request',
      status: '405',
    });
    expect((await call(pulls(github, '/31/merge'), { method: 'PUT', token: octocat })).status).toBe(405);
  });
});
