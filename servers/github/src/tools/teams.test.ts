import { CLIENT_KINDS, expectToolError, HIDDEN_INSTRUCTION, tagCharacters } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';
import { useGitHub } from '../github-server.fixture.js';

type Team = {
  org: string;
  slug: string;
  name: string;
  description: string | null;
  privacy: string;
  parent: string | null;
  membersCount?: number;
};
type Member = { login: string; role: string };

describe.each(CLIENT_KINDS)('GitHub team tools (%s)', (kind) => {
  const start = useGitHub();

  it('get_teams lists your teams with sanitized descriptions, and pages', async () => {
    const h = await start(kind);
    const result = await h.client.callTool('get_teams');
    expect(result.isError, result.text).toBe(false);
    const teams = (result.structured as { teams: Team[] }).teams;
    expect(teams.map((team) => `${team.org}/${team.slug}`)).toEqual(['octo-org/core', 'octo-org/docs', 'octo-org/security']);
    expect(teams[0]).toMatchObject({ name: 'Core', privacy: 'closed', membersCount: 2, parent: null });
    expect(teams[1]).toMatchObject({ description: 'Guides and examples', parent: 'core' });
    expect(teams[2]?.privacy).toBe('secret');
    expect(result.text).not.toContain(tagCharacters(HIDDEN_INSTRUCTION));
    expect(result.text).toMatch(/^octo-org\/docs — Docs \(closed, 1 member, under core\): Guides and examples$/m);
    const page = await h.client.callTool('get_teams', { perPage: 2 });
    expect((page.structured as { teams: Team[]; pagination: { hasMore: boolean } }).pagination.hasMore).toBe(true);
    const outsider = await start(kind, { token: 'monalisa' });
    const none = await outsider.client.callTool('get_teams');
    expect(none.text).toBe('You belong to no teams the token can see.');
  });

  it('get_teams needs read:org and a classic token; without a token it makes no request', async () => {
    const unscoped = await start(kind, { token: 'octocatNoScopes' });
    expectToolError(await unscoped.client.callTool('get_teams'), 'forbidden', /read:org/);
    const fine = await start(kind, { token: 'hubot' });
    expectToolError(await fine.client.callTool('get_teams'), 'forbidden', /Resource not accessible by personal access token/);
    const anonymous = await start(kind, { token: null });
    const before = anonymous.github.hits();
    expectToolError(await anonymous.client.callTool('get_teams'), 'invalid_input', /GITHUB_TOKEN/);
    expectToolError(await anonymous.client.callTool('get_team_members', { org: 'octo-org', teamSlug: 'core' }), 'invalid_input');
    expect(anonymous.github.hits()).toBe(before);
  });

  it('get_team_members lists members with their role, or one role only', async () => {
    const h = await start(kind);
    const result = await h.client.callTool('get_team_members', { org: 'octo-org', teamSlug: 'core' });
    expect(result.isError, result.text).toBe(false);
    expect((result.structured as { members: Member[] }).members).toEqual([
      { login: 'octocat', role: 'maintainer', htmlUrl: 'https://github.com/octocat' },
      { login: 'hubot', role: 'member', htmlUrl: 'https://github.com/hubot' },
    ]);
    expect(result.text).toBe('Members of octo-org/core:\n- @octocat (maintainer)\n- @hubot (member)');
    const before = h.github.hits('/orgs/octo-org/teams/core/members');
    const members = await h.client.callTool('get_team_members', { org: 'octo-org', teamSlug: 'core', role: 'member' });
    expect((members.structured as { members: Member[] }).members).toEqual([
      { login: 'hubot', role: 'member', htmlUrl: 'https://github.com/hubot' },
    ]);
    expect(h.github.hits('/orgs/octo-org/teams/core/members')).toBe(before + 1);
    const page = await h.client.callTool('get_team_members', { org: 'octo-org', teamSlug: 'core', perPage: 1 });
    expect(page.text).toMatch(/call again with page 2/);
  });

  it('get_team_members: an unknown or secret team is not found, bad arguments make no request', async () => {
    const h = await start(kind);
    expectToolError(await h.client.callTool('get_team_members', { org: 'octo-org', teamSlug: 'nope' }), 'not_found', /team octo-org\/nope/);
    const outsider = await start(kind, { token: 'monalisa' });
    expectToolError(await outsider.client.callTool('get_team_members', { org: 'octo-org', teamSlug: 'security' }), 'not_found');
    const unscoped = await start(kind, { token: 'octocatNoScopes' });
    expectToolError(await unscoped.client.callTool('get_team_members', { org: 'octo-org', teamSlug: 'core' }), 'forbidden', /read:org/);
    const before = h.github.hits();
    expectToolError(await h.client.callTool('get_team_members', { org: 'octo-org', teamSlug: '../core' }), 'invalid_input', /teamSlug/);
    expectToolError(await h.client.callTool('get_team_members', { org: 'octo org', teamSlug: 'core' }), 'invalid_input', /org/);
    expectToolError(
      await h.client.callTool('get_team_members', { org: 'octo-org', teamSlug: 'core', role: 'owner' }),
      'invalid_input',
      /role/,
    );
    expectToolError(await h.client.callTool('get_teams', { perPage: 0 }), 'invalid_input', /perPage/);
    expect(h.github.hits()).toBe(before);
  });

  it('team tools stay under --read-only, and --repos (about repositories) does not narrow them', async () => {
    const h = await start(kind, { argv: ['--read-only', '--repos', 'monalisa/*'] });
    const names = (await h.client.listTools()).map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['get_teams', 'get_team_members', 'search_orgs']));
    const result = await h.client.callTool('get_team_members', { org: 'octo-org', teamSlug: 'docs' });
    expect(result.isError, result.text).toBe(false);
  });
});
