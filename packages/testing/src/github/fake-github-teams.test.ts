import { describe, expect, it } from 'vitest';
import { SEED_TOKENS } from './default-seed.js';
import { call, type Json, useFakeGitHub } from './fake-github-request.fixture.js';
import { HIDDEN_INSTRUCTION, tagCharacters } from './seed-issues.js';

// Teams: one's own teams, an organization's, a team's members with their roles, secret teams, and
// the read:org scope.

const fake = useFakeGitHub();
const { octocat, octocatNoScopes, hubot, monalisa } = SEED_TOKENS;
const slugs = (body: Json[]) => body.map((team) => team.slug as string);

describe('teams', () => {
  it('lists the caller’s own teams as team-full objects with their organization', async () => {
    const github = await fake();
    const { status, body } = await call(`${github.url}/user/teams`, { token: octocat });
    expect(status).toBe(200);
    expect(slugs(body)).toEqual(['core', 'docs', 'security']);
    expect(body[0]).toMatchObject({
      name: 'Core',
      privacy: 'closed',
      members_count: 2,
      html_url: 'https://github.com/orgs/octo-org/teams/core',
      organization: { login: 'octo-org', type: 'Organization' },
      parent: null,
    });
    expect(body[1].parent).toMatchObject({ slug: 'core' });
    expect(body[1].description).toContain(tagCharacters(HIDDEN_INSTRUCTION));
    const page = await call(`${github.url}/user/teams?per_page=2`, { token: octocat });
    expect(page.body).toHaveLength(2);
    expect(page.headers.get('link')).toMatch(/rel="next"/);
    const monalisas = await call(`${github.url}/user/teams`, { token: monalisa });
    expect(monalisas.body).toEqual([]);
  });

  it('lists an organization’s teams, secret ones only to their members and the owners', async () => {
    const github = await fake();
    expect(slugs((await call(`${github.url}/orgs/octo-org/teams`, { token: octocat })).body)).toEqual(['core', 'docs', 'security']);
    github.tokens.add('ghp_fakeHubotClassic000000000000000000', { login: 'hubot', kind: 'classic' });
    const member = await call(`${github.url}/orgs/octo-org/teams`, { token: 'ghp_fakeHubotClassic000000000000000000' });
    expect(slugs(member.body)).toEqual(['core', 'docs']);
    const secret = await call(`${github.url}/orgs/octo-org/teams/security/members`, { token: 'ghp_fakeHubotClassic000000000000000000' });
    expect(secret.status).toBe(404);
    expect((await call(`${github.url}/orgs/octo-org/teams`, { token: monalisa })).status).toBe(404);
    expect((await call(`${github.url}/orgs/nobody/teams`, { token: octocat })).status).toBe(404);
  });

  it('lists a team’s members, filtered by role; an unknown team is a 404 and a bad role a 422', async () => {
    const github = await fake();
    const all = await call(`${github.url}/orgs/octo-org/teams/core/members`, { token: octocat });
    expect(all.status).toBe(200);
    expect(all.body.map((user: Json) => user.login)).toEqual(['octocat', 'hubot']);
    expect(all.body[0]).toMatchObject({ type: 'User', html_url: 'https://github.com/octocat' });
    const maintainers = await call(`${github.url}/orgs/octo-org/teams/core/members?role=maintainer`, { token: octocat });
    expect(maintainers.body.map((user: Json) => user.login)).toEqual(['octocat']);
    expect((await call(`${github.url}/orgs/octo-org/teams/core/members?role=boss`, { token: octocat })).status).toBe(422);
    const missing = await call(`${github.url}/orgs/octo-org/teams/nope/members`, { token: octocat });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ message: 'Not Found', documentation_url: expect.stringContaining('list-team-members') });
    expect((await call(`${github.url}/orgs/octo-org/teams/core`, { token: octocat })).body).toMatchObject({
      slug: 'core',
      members_count: 2,
    });
  });

  it('needs read:org (403), refuses fine-grained tokens (403) and anonymous callers (401)', async () => {
    const github = await fake();
    const unscoped = await call(`${github.url}/orgs/octo-org/teams/core/members`, { token: octocatNoScopes });
    expect(unscoped.status).toBe(403);
    expect(unscoped.body.message).toMatch(/read:org/);
    expect((await call(`${github.url}/user/teams`, { token: octocatNoScopes })).status).toBe(403);
    const fine = await call(`${github.url}/user/teams`, { token: hubot });
    expect(fine.status).toBe(403);
    expect(fine.body.message).toBe('Resource not accessible by personal access token');
    expect((await call(`${github.url}/user/teams`)).status).toBe(401);
  });
});
