import { CLIENT_KINDS, expectToolError } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';
import { useGitHub } from '../github-server.fixture.js';

const HELLO = { owner: 'octo-org', repo: 'hello-world' };
type Label = { name: string; color: string; description: string | null };

describe.each(CLIENT_KINDS)('GitHub label tools (%s)', (kind) => {
  const start = useGitHub();

  it('list_label lists a repository’s labels by name, with pages, and sanitized descriptions', async () => {
    const h = await start(kind);
    const repo = h.github.world.repo('octo-org', 'hello-world');
    const custom = h.github.world.ensureLabel(repo as NonNullable<typeof repo>, 'triage');
    custom.description = 'Needs a look\u202E\u200B';
    const result = await h.client.callTool('list_label', HELLO);
    expect(result.isError, result.text).toBe(false);
    const labels = (result.structured as { labels: Label[] }).labels;
    expect(labels.map((l) => l.name)).toEqual(expect.arrayContaining(['bug', 'documentation', 'triage']));
    expect(labels.find((l) => l.name === 'bug')).toEqual({ name: 'bug', color: 'd73a4a', description: "Something isn't working" });
    expect(labels.find((l) => l.name === 'triage')?.description).toBe('Needs a look');
    expect(result.text).toMatch(/^bug — Something isn't working$/m);
    const paged = await h.client.callTool('list_label', { ...HELLO, perPage: 2 });
    expect((paged.structured as { labels: Label[]; pagination: { hasMore: boolean } }).pagination.hasMore).toBe(true);
  });

  it('get_label finds one by name, case-insensitively, and says when there is none', async () => {
    const h = await start(kind);
    const result = await h.client.callTool('get_label', { ...HELLO, name: 'Good First Issue' });
    expect(result.isError, result.text).toBe(false);
    expect(result.structured).toEqual({ label: { name: 'good first issue', color: '7057ff', description: 'Good for newcomers' } });
    expectToolError(await h.client.callTool('get_label', { ...HELLO, name: 'no-such-label' }), 'not_found', /no-such-label/);
  });

  it('refuses a repository outside --repos and an empty name, before any request', async () => {
    const h = await start(kind, { argv: ['--repos', 'monalisa/sketchbook'] });
    const before = h.github.hits();
    expectToolError(await h.client.callTool('list_label', HELLO), 'forbidden', /octo-org\/hello-world/);
    expectToolError(await h.client.callTool('get_label', { owner: 'monalisa', repo: 'sketchbook', name: '  ' }), 'invalid_input');
    expect(h.github.hits()).toBe(before);
  });
});
