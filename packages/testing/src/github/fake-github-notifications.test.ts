import { describe, expect, it } from 'vitest';
import { SEED_TOKENS } from './default-seed.js';
import { call, type Json, NOW, useFakeGitHub } from './fake-github-request.fixture.js';
import { HIDDEN_INSTRUCTION, tagCharacters } from './seed-issues.js';
import { SEED_UNREAD_NOTIFICATIONS } from './seed-notifications.js';

// Notifications: the inbox and its filters, the thread shape, marking read and done, and which
// tokens GitHub lets near them.

const fake = useFakeGitHub();
const { octocat, octocatNoScopes, hubot, monalisa } = SEED_TOKENS;
const titles = (body: Json[]) => body.map((thread) => thread.subject.title as string);

describe('listing notifications', () => {
  it('lists unread threads, newest first, in GitHub’s shape', async () => {
    const github = await fake();
    const { status, body, headers } = await call(`${github.url}/notifications`, { token: octocat });
    expect(status).toBe(200);
    expect(body).toHaveLength(SEED_UNREAD_NOTIFICATIONS);
    expect(body.every((thread: Json) => thread.unread)).toBe(true);
    const updated = body.map((thread: Json) => thread.updated_at as string);
    expect(updated).toEqual([...updated].sort().reverse());
    expect(body[0].subject.title).toContain(tagCharacters(HIDDEN_INSTRUCTION));
    const review = body.find((thread: Json) => thread.reason === 'review_requested');
    expect(review).toMatchObject({
      id: expect.stringMatching(/^\d+$/),
      repository: { full_name: 'octo-org/hello-world', owner: { login: 'octo-org' } },
      subject: {
        title: 'Add feature flags',
        type: 'PullRequest',
        url: expect.stringMatching(/\/repos\/octo-org\/hello-world\/pulls\/\d+$/),
      },
      last_read_at: null,
      url: `${github.url}/notifications/threads/${review.id}`,
      subscription_url: `${github.url}/notifications/threads/${review.id}/subscription`,
    });
    expect(headers.get('x-poll-interval')).toBe('60');
    expect(headers.get('x-accepted-oauth-scopes')).toBe('notifications, repo');
    expect(headers.get('last-modified')).toBe(new Date('2026-11-22T18:00:00Z').toUTCString());
  });

  it('filters with all, participating, since and before, and pages at most 50 with Link headers', async () => {
    const github = await fake();
    const all = await call(`${github.url}/notifications?all=true`, { token: octocat });
    expect(all.body).toHaveLength(SEED_UNREAD_NOTIFICATIONS + 2);
    expect(titles(all.body)).not.toContain('More colours in the palette'); // marked done
    const participating = await call(`${github.url}/notifications?participating=true`, { token: octocat });
    expect(participating.body.map((thread: Json) => thread.reason).sort()).toEqual(['author', 'mention', 'review_requested']);
    const since = await call(`${github.url}/notifications?since=2026-11-20T00:00:00Z&before=2026-11-22T00:00:00Z`, { token: octocat });
    expect(titles(since.body)).toEqual(['Pick the launch date', 'Add feature flags']);
    expect((await call(`${github.url}/notifications?since=yesterday`, { token: octocat })).status).toBe(422);
    const page = await call(`${github.url}/notifications?per_page=4`, { token: octocat });
    expect(page.body).toHaveLength(4);
    expect(page.headers.get('link')).toMatch(/page=2>; rel="next".*page=2>; rel="last"/);
    for (let i = 0; i < 60; i += 1) {
      github.world.notifications.add({
        login: 'octocat',
        owner: 'octo-org',
        repo: 'hello-world',
        type: 'CheckSuite',
        title: `CI run ${i}`,
        target: null,
        reason: 'ci_activity',
        updatedAt: '2026-10-01T00:00:00Z',
      });
    }
    const capped = await call(`${github.url}/notifications?per_page=100`, { token: octocat });
    expect(capped.body).toHaveLength(50);
    expect(capped.body.find((thread: Json) => thread.subject.type === 'CheckSuite').subject.url).toBeNull();
  });

  it('lists one repository’s threads; an unknown or hidden repository is a 404', async () => {
    const github = await fake();
    const { body } = await call(`${github.url}/repos/octo-org/secret-plans/notifications?all=true`, { token: octocat });
    expect(titles(body).sort()).toEqual(['Order more snacks', 'Pick the launch date']);
    expect(body[0].repository.private).toBe(true);
    expect((await call(`${github.url}/repos/octo-org/nope/notifications`, { token: octocat })).status).toBe(404);
    expect((await call(`${github.url}/repos/octo-org/secret-plans/notifications`, { token: monalisa })).status).toBe(404);
  });

  it('refuses fine-grained tokens, classic tokens without the scope, and anonymous callers', async () => {
    const github = await fake();
    const fine = await call(`${github.url}/notifications`, { token: hubot });
    expect(fine.status).toBe(403);
    expect(fine.body).toMatchObject({ message: 'Resource not accessible by personal access token', status: '403' });
    const unscoped = await call(`${github.url}/notifications`, { token: octocatNoScopes });
    expect(unscoped.status).toBe(403);
    expect(unscoped.body.message).toBe("Missing the 'notifications' scope.");
    expect((await call(`${github.url}/notifications`)).status).toBe(401);
    expect((await call(`${github.url}/notifications`, { token: hubot, method: 'PUT', body: {} })).status).toBe(403);
  });
});

describe('one thread', () => {
  it('gets a thread of one’s own; another user’s is a 404', async () => {
    const github = await fake();
    const [mine] = github.world.notifications.of('octocat');
    const { status, body } = await call(`${github.url}/notifications/threads/${mine?.id}`, { token: octocat });
    expect(status).toBe(200);
    expect(body.id).toBe(mine?.id);
    const [hubots] = github.world.notifications.of('hubot');
    expect((await call(`${github.url}/notifications/threads/${hubots?.id}`, { token: octocat })).status).toBe(404);
    expect((await call(`${github.url}/notifications/threads/1`, { token: octocat })).status).toBe(404);
  });

  it('marks a thread read (205) and done (204), which takes it out of every listing', async () => {
    const github = await fake();
    const [first, second] = github.world.notifications.of('octocat');
    const read = await call(`${github.url}/notifications/threads/${first?.id}`, { token: octocat, method: 'PATCH' });
    expect(read.status).toBe(205);
    expect(read.text).toBe('');
    expect(github.world.notifications.get(first?.id ?? '')).toMatchObject({ unread: false, lastReadAt: '2026-11-23T14:07:00Z' });
    const done = await call(`${github.url}/notifications/threads/${second?.id}`, { token: octocat, method: 'DELETE' });
    expect(done.status).toBe(204);
    const all = await call(`${github.url}/notifications?all=true`, { token: octocat });
    expect(all.body.map((thread: Json) => thread.id)).toContain(first?.id);
    expect(all.body.map((thread: Json) => thread.id)).not.toContain(second?.id);
    const [hubots] = github.world.notifications.of('hubot');
    expect((await call(`${github.url}/notifications/threads/${hubots?.id}`, { token: octocat, method: 'PATCH' })).status).toBe(404);
    expect(github.world.notifications.get(hubots?.id ?? '')?.unread).toBe(true);
  });
});

describe('marking everything read', () => {
  it('marks threads updated up to last_read_at read (205), leaving newer ones', async () => {
    const github = await fake();
    const { status } = await call(`${github.url}/notifications`, {
      token: octocat,
      method: 'PUT',
      body: { last_read_at: '2026-11-20T00:00:00Z' },
    });
    expect(status).toBe(205);
    const unread = await call(`${github.url}/notifications`, { token: octocat });
    expect(titles(unread.body)).toHaveLength(3);
    expect(github.world.notifications.of('hubot')[0]?.unread).toBe(true);
    const invalid = await call(`${github.url}/notifications`, { token: octocat, method: 'PUT', body: { last_read_at: 'soon' } });
    expect(invalid.status).toBe(422);
  });

  it('defaults to now, answers 202 when GitHub would finish in the background, and can be limited to one repository', async () => {
    const github = await fake();
    const repo = await call(`${github.url}/repos/octo-org/secret-plans/notifications`, { token: octocat, method: 'PUT', body: {} });
    expect(repo.status).toBe(205);
    const left = github.world.notifications.of('octocat').filter((thread) => thread.unread);
    expect(left.every((thread) => thread.repo !== 'secret-plans')).toBe(true);
    expect(left).toHaveLength(SEED_UNREAD_NOTIFICATIONS - 2);
    github.world.notifications.syncMarkLimit = 1;
    const background = await call(`${github.url}/notifications`, { token: octocat, method: 'PUT' });
    expect(background.status).toBe(202);
    expect(background.body.message).toMatch(/being marked as read in the background/);
    expect(github.world.notifications.of('octocat').filter((thread) => thread.unread)).toHaveLength(0);
    expect(github.world.notifications.of('octocat')[0]?.lastReadAt).toBe(NOW.toISOString().replace('.000', ''));
  });
});
