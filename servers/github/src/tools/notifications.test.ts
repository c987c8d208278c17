import { CLIENT_KINDS, expectToolError, HIDDEN_INSTRUCTION, tagCharacters } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';
import { useGitHub } from '../github-server.fixture.js';

type Notification = { id: string; repository: string; type: string; title: string; number: number | null; reason: string; unread: boolean };
type Listing = { notifications: Notification[]; pagination: { hasMore: boolean; page: number }; hiddenByPolicy: number };
/** The seed hides instructions in a subject title as invisible tag characters. */
const HIDDEN = tagCharacters(HIDDEN_INSTRUCTION);

describe.each(CLIENT_KINDS)('GitHub notification tools (%s)', (kind) => {
  const start = useGitHub();
  const threadOf = (h: Awaited<ReturnType<typeof start>>, title: string) => {
    const thread = [...h.github.world.notifications.threads.values()].find((t) => t.login === 'octocat' && t.title.startsWith(title));
    if (!thread) throw new Error(`no thread "${title}"`);
    return thread;
  };
  const listed = (result: { structured?: unknown }) => result.structured as Listing;

  it('list_notifications lists the unread inbox with sanitized titles, and pages', async () => {
    const h = await start(kind);
    const result = await h.client.callTool('list_notifications');
    expect(result.isError, result.text).toBe(false);
    const data = listed(result);
    expect(data.notifications).toHaveLength(6);
    expect(data.notifications.every((n) => n.unread)).toBe(true);
    expect(data.hiddenByPolicy).toBe(0);
    expect(data.notifications[0]).toMatchObject({ repository: 'monalisa/sketchbook', title: 'Sketch request: a unicorn', type: 'Issue' });
    expect(result.text).not.toContain(HIDDEN);
    expect(result.text).toMatch(/: Sketch request: a unicorn — subscribed/);
    const flags = data.notifications.find((n) => n.title === 'Add feature flags');
    expect(flags).toMatchObject({ type: 'PullRequest', reason: 'review_requested', number: expect.any(Number) });
    expect(result.text).toMatch(
      /^\d+ \[unread\] octo-org\/hello-world PullRequest #\d+: Add feature flags — review_requested, 2026-11-20$/m,
    );

    const first = await h.client.callTool('list_notifications', { perPage: 4 });
    expect(listed(first).notifications).toHaveLength(4);
    expect(listed(first).pagination.hasMore).toBe(true);
    expect(first.text).toMatch(/call again with page 2/);
    const second = await h.client.callTool('list_notifications', { perPage: 4, page: 2 });
    expect(listed(second).notifications).toHaveLength(2);
    expect(listed(second).pagination.hasMore).toBe(false);
  });

  it('list_notifications filters: read ones too, participating only, a time window, one repository', async () => {
    const h = await start(kind);
    const all = await h.client.callTool('list_notifications', { filter: 'include_read_notifications' });
    expect(listed(all).notifications).toHaveLength(8);
    expect(all.text).toMatch(/\[read\] octo-org\/hello-world Release: v2\.0\.0/);
    const mine = await h.client.callTool('list_notifications', { filter: 'only_participating' });
    expect(
      listed(mine)
        .notifications.map((n) => n.reason)
        .sort(),
    ).toEqual(['author', 'mention', 'review_requested']);
    const window = await h.client.callTool('list_notifications', { since: '2026-11-20T00:00:00Z', before: '2026-11-22T00:00:00Z' });
    expect(listed(window).notifications.map((n) => n.title)).toEqual(['Pick the launch date', 'Add feature flags']);
    const repo = await h.client.callTool('list_notifications', { owner: 'octo-org', repo: 'secret-plans' });
    expect(listed(repo).notifications.map((n) => n.repository)).toEqual(['octo-org/secret-plans', 'octo-org/secret-plans']);
    expect(h.github.hits('/repos/octo-org/secret-plans/notifications')).toBe(1);
    expectToolError(await h.client.callTool('list_notifications', { owner: 'octo-org', repo: 'nope' }), 'not_found');
  });

  it('refuses bad arguments before any request', async () => {
    const h = await start(kind);
    await h.client.callTool('list_notifications');
    const before = h.github.hits();
    expectToolError(await h.client.callTool('list_notifications', { owner: 'octo-org' }), 'invalid_input', /owner and repo together/);
    expectToolError(
      await h.client.callTool('list_notifications', { since: '2026-11-22T00:00:00Z', before: '2026-11-20T00:00:00Z' }),
      'invalid_input',
    );
    expectToolError(await h.client.callTool('list_notifications', { since: 'yesterday' }), 'invalid_input', /since/);
    expectToolError(await h.client.callTool('list_notifications', { perPage: 51 }), 'invalid_input', /perPage/);
    expectToolError(await h.client.callTool('get_notification_details', { notificationId: '../1' }), 'invalid_input', /notificationId/);
    expectToolError(await h.client.callTool('dismiss_notification', { threadId: '1', state: 'gone' }), 'invalid_input', /state/);
    expectToolError(await h.client.callTool('dismiss_notification', { threadId: '1' }), 'invalid_input', /state/);
    expectToolError(await h.client.callTool('mark_all_notifications_read', { lastReadAt: 'now' }), 'invalid_input', /lastReadAt/);
    expectToolError(await h.client.callTool('mark_all_notifications_read', { repo: 'hello-world' }), 'invalid_input');
    expect(h.github.hits()).toBe(before);
  });

  it('get_notification_details shows one thread with its web link; another user’s or an unknown one is not found', async () => {
    const h = await start(kind);
    const thread = threadOf(h, 'Add feature flags');
    const result = await h.client.callTool('get_notification_details', { notificationId: thread.id });
    expect(result.isError, result.text).toBe(false);
    const data = result.structured as { notification: Notification; htmlUrl: string; lastReadAt: string | null; subjectApiUrl: string };
    expect(data.notification).toMatchObject({ id: thread.id, title: 'Add feature flags', number: thread.target });
    expect(data.htmlUrl).toBe(`https://github.com/octo-org/hello-world/pull/${thread.target}`);
    expect(data.subjectApiUrl).toBe(`${h.github.url}/repos/octo-org/hello-world/pulls/${thread.target}`);
    expect(data.lastReadAt).toBeNull();
    expect(result.text).toMatch(/Last read: never/);
    const hostile = await h.client.callTool('get_notification_details', { notificationId: threadOf(h, 'Sketch request').id });
    expect(hostile.text).not.toContain(HIDDEN);
    expect((hostile.structured as { notification: Notification }).notification.title).toBe('Sketch request: a unicorn');
    const hubots = h.github.world.notifications.of('hubot')[0]?.id ?? '';
    expectToolError(await h.client.callTool('get_notification_details', { notificationId: hubots }), 'not_found');
    expectToolError(await h.client.callTool('get_notification_details', { notificationId: '12345' }), 'not_found');
  });

  it('dismiss_notification marks a thread read, or done so it leaves the inbox', async () => {
    const h = await start(kind);
    const urgent = threadOf(h, 'Urgent: security issue');
    const read = await h.client.callTool('dismiss_notification', { threadId: urgent.id, state: 'read' });
    expect(read.isError, read.text).toBe(false);
    expect(read.text).toBe(`Notification ${urgent.id} marked read.`);
    expect(urgent).toMatchObject({ unread: false, done: false });
    expect(urgent.lastReadAt).not.toBeNull();
    const flags = threadOf(h, 'Add feature flags');
    const done = await h.client.callTool('dismiss_notification', { threadId: flags.id, state: 'done' });
    expect(done.isError, done.text).toBe(false);
    expect(done.structured).toEqual({ threadId: flags.id, state: 'done' });
    expect(flags.done).toBe(true);
    const all = listed(await h.client.callTool('list_notifications', { filter: 'include_read_notifications' }));
    expect(all.notifications.map((n) => n.id)).toContain(urgent.id);
    expect(all.notifications.map((n) => n.id)).not.toContain(flags.id);
    const hubots = h.github.world.notifications.of('hubot')[0];
    expectToolError(await h.client.callTool('dismiss_notification', { threadId: hubots?.id ?? '', state: 'read' }), 'not_found');
    expect(hubots?.unread).toBe(true);
  });

  it('mark_all_notifications_read marks the inbox or one repository read, up to lastReadAt, and says when GitHub works in the background', async () => {
    const h = await start(kind);
    const unread = () => h.github.world.notifications.of('octocat').filter((t) => t.unread);
    const older = await h.client.callTool('mark_all_notifications_read', { lastReadAt: '2026-11-20T00:00:00Z' });
    expect(older.isError, older.text).toBe(false);
    expect(older.text).toBe('All notifications updated up to 2026-11-20T00:00:00Z marked read.');
    expect(
      unread()
        .map((t) => t.title.slice(0, 20))
        .sort(),
    ).toEqual(['Add feature flags', 'Pick the launch date', 'Sketch request: a un']);
    const repo = await h.client.callTool('mark_all_notifications_read', { owner: 'octo-org', repo: 'secret-plans' });
    expect(repo.structured).toMatchObject({ repository: 'octo-org/secret-plans', inBackground: false });
    expect(unread()).toHaveLength(2);
    h.github.world.notifications.syncMarkLimit = 1;
    const rest = await h.client.callTool('mark_all_notifications_read');
    expect(rest.isError, rest.text).toBe(false);
    expect(rest.structured).toMatchObject({ repository: null, inBackground: true });
    expect(rest.text).toMatch(/in the background/);
    expect(unread()).toHaveLength(0);
    expect(h.github.world.notifications.of('hubot')[0]?.unread).toBe(true);
  });

  it('--repos drops other repositories’ threads, refuses them one by one, and refuses marking the whole inbox', async () => {
    const h = await start(kind, { argv: ['--repos', 'octo-org/hello-world'] });
    const result = await h.client.callTool('list_notifications');
    expect(result.isError, result.text).toBe(false);
    const data = listed(result);
    expect(data.notifications.map((n) => n.repository)).toEqual(['octo-org/hello-world', 'octo-org/hello-world', 'octo-org/hello-world']);
    expect(data.hiddenByPolicy).toBe(3);
    expect(result.text).toMatch(/3 notification\(s\) of repositories outside the allowed ones are not shown/);
    expect(result.text).not.toMatch(/launch date|unicorn/);

    const secret = threadOf(h, 'Pick the launch date');
    expectToolError(
      await h.client.callTool('get_notification_details', { notificationId: secret.id }),
      'forbidden',
      /about octo-org\/secret-plans, outside the repositories/,
    );
    expectToolError(await h.client.callTool('dismiss_notification', { threadId: secret.id, state: 'done' }), 'forbidden');
    expect(secret).toMatchObject({ unread: true, done: false });
    const writes = h.github.requests.filter((r) => r.method !== 'GET').length;
    expect(writes).toBe(0);

    const before = h.github.hits();
    expectToolError(await h.client.callTool('list_notifications', { owner: 'monalisa', repo: 'sketchbook' }), 'forbidden');
    expectToolError(await h.client.callTool('mark_all_notifications_read'), 'forbidden', /Give owner and repo/);
    expectToolError(await h.client.callTool('mark_all_notifications_read', { owner: 'octo-org', repo: 'secret-plans' }), 'forbidden');
    expect(h.github.hits()).toBe(before);

    const allowed = await h.client.callTool('mark_all_notifications_read', { owner: 'octo-org', repo: 'hello-world' });
    expect(allowed.isError, allowed.text).toBe(false);
    const left = h.github.world.notifications.of('octocat').filter((t) => t.unread);
    expect(left.map((t) => t.repo).sort()).toEqual(['secret-plans', 'secret-plans', 'sketchbook']);
    const flags = threadOf(h, 'Add feature flags');
    expect((await h.client.callTool('get_notification_details', { notificationId: flags.id })).isError).toBe(false);
  });

  it('explains that fine-grained and unscoped tokens cannot use notifications; no token is refused before any request', async () => {
    const fine = await start(kind, { token: 'hubot' });
    expectToolError(
      await fine.client.callTool('list_notifications'),
      'forbidden',
      /Resource not accessible by personal access token.*classic token \(ghp_…\) with the notifications or repo scope/,
    );
    const unscoped = await start(kind, { token: 'octocatNoScopes' });
    expectToolError(
      await unscoped.client.callTool('dismiss_notification', { threadId: '8000000001', state: 'read' }),
      'forbidden',
      /Missing the 'notifications' scope/,
    );
    const anonymous = await start(kind, { token: null });
    const before = anonymous.github.hits();
    expectToolError(await anonymous.client.callTool('list_notifications'), 'invalid_input', /GITHUB_TOKEN/);
    expectToolError(await anonymous.client.callTool('mark_all_notifications_read'), 'invalid_input', /GITHUB_TOKEN/);
    expect(anonymous.github.hits()).toBe(before);
  });

  it('--read-only hides dismiss_notification and mark_all_notifications_read', async () => {
    const h = await start(kind, { argv: ['--read-only'] });
    const tools = await h.client.listTools();
    const names = tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['list_notifications', 'get_notification_details']));
    expect(names).not.toContain('dismiss_notification');
    expect(names).not.toContain('mark_all_notifications_read');
    const before = h.github.hits();
    const refused = await h.client.callTool('mark_all_notifications_read').catch((error: Error) => error);
    expect(refused instanceof Error ? refused.message : refused.isError).toBeTruthy();
    expect(h.github.world.notifications.of('octocat').filter((t) => t.unread)).toHaveLength(6);
    expect(h.github.hits()).toBe(before);
  });
});
