import { describe, expect, it } from 'vitest';
import { SEED_TOKENS } from './default-seed.js';
import { call, type Json, useFakeGitHub } from './fake-github-request.fixture.js';
import { HIDDEN_INSTRUCTION } from './seed-issues.js';
import { SEEDED_SECRETS } from './seed-security.js';

// Security alerts: code scanning, secret scanning and Dependabot, their filters and pagination,
// the features being off, and who may read them.

const fake = useFakeGitHub();
const { octocat, octocatNoScopes, hubot, hubotOps, mallory } = SEED_TOKENS;
const HELLO = '/repos/octo-org/hello-world';
const PLANS = '/repos/octo-org/secret-plans';

describe('code scanning alerts', () => {
  it('lists the default branch’s alerts newest first, with GitHub’s shape and Link pagination', async () => {
    const github = await fake();
    const { status, body } = await call(`${github.url}${HELLO}/code-scanning/alerts`, { token: octocat });
    expect(status).toBe(200);
    expect(body.map((alert: Json) => alert.number)).toEqual([6, 5, 4, 3, 2, 1]);
    const redos = body.find((alert: Json) => alert.number === 1);
    expect(redos).toMatchObject({
      state: 'open',
      html_url: 'https://github.com/octo-org/hello-world/security/code-scanning/1',
      rule: { id: 'js/polynomial-redos', severity: 'warning', security_severity_level: 'high' },
      tool: { name: 'CodeQL', version: '2.19.3' },
      most_recent_instance: { ref: 'refs/heads/main', state: 'open', location: { path: 'src/utils/strings.ts', start_line: 1 } },
    });
    expect(redos.most_recent_instance.commit_sha).toMatch(/^[0-9a-f]{40}$/);
    expect(redos.rule.help).toBeUndefined();
    const page = await call(`${github.url}${HELLO}/code-scanning/alerts?per_page=4&page=2`, { token: octocat });
    expect(page.body).toHaveLength(2);
    expect(page.headers.get('link')).toMatch(/page=1>; rel="prev"/);
  });

  it('filters by state, severity (either scale), tool and ref', async () => {
    const github = await fake();
    const numbers = async (query: string) =>
      (await call(`${github.url}${HELLO}/code-scanning/alerts?${query}`, { token: octocat })).body.map((a: Json) => a.number);
    expect(await numbers('state=open&sort=number&direction=asc')).toEqual([1, 2, 3, 4]);
    expect(await numbers('state=closed')).toEqual([6, 5]);
    expect(await numbers('state=dismissed')).toEqual([6]);
    expect(await numbers('severity=critical')).toEqual([5]);
    expect(await numbers('severity=note')).toEqual([3]);
    expect(await numbers('ref=dev')).toEqual([7]);
    expect(await numbers('ref=refs/heads/dev&tool_name=ESLint')).toEqual([7]);
    expect(await numbers('tool_name=ESLint')).toEqual([]);
    const bad = await call(`${github.url}${HELLO}/code-scanning/alerts?state=sleeping`, { token: octocat });
    expect(bad.status).toBe(422);
    const unanalysed = await call(`${github.url}${HELLO}/code-scanning/alerts?ref=readme-rewrite`, { token: octocat });
    expect(unanalysed.status).toBe(404);
    expect(unanalysed.body.message).toBe('no analysis found');
  });

  it('gets one alert with the rule’s help; hostile text is stored as GitHub would send it', async () => {
    const github = await fake();
    const { status, body } = await call(`${github.url}${HELLO}/code-scanning/alerts/2`, { token: octocat });
    expect(status).toBe(200);
    expect(body.rule.help).toContain(HIDDEN_INSTRUCTION);
    expect(body.rule.full_description).toMatch(/meta-character/);
    expect(body.most_recent_instance.message.text).toMatch(/^This replaces only the first occurrence/);
    expect((await call(`${github.url}${HELLO}/code-scanning/alerts/99`, { token: octocat })).status).toBe(404);
    expect((await call(`${github.url}${HELLO}/code-scanning/alerts/abc`, { token: octocat })).status).toBe(404);
  });

  it('answers 403 without Advanced Security on a private repository, 404 without any analysis', async () => {
    const github = await fake();
    const ghas = await call(`${github.url}${PLANS}/code-scanning/alerts`, { token: octocat });
    expect(ghas.status).toBe(403);
    expect(ghas.body).toMatchObject({
      message: 'Advanced Security must be enabled for this repository to use code scanning.',
      status: '403',
    });
    expect(ghas.body.documentation_url).toMatch(/code-scanning/);
    const none = await call(`${github.url}/repos/monalisa/sketchbook/code-scanning/alerts`, { token: octocat });
    expect(none.status).toBe(404);
    expect(none.body.message).toBe('no analysis found');
  });
});

describe('secret scanning alerts', () => {
  it('lists alerts with the secret unless hide_secret=true, filtered by state, type and resolution', async () => {
    const github = await fake();
    const { status, body } = await call(`${github.url}${HELLO}/secret-scanning/alerts`, { token: octocat });
    expect(status).toBe(200);
    expect(body.map((alert: Json) => alert.number)).toEqual([1, 2]);
    expect(body[0]).toMatchObject({
      state: 'open',
      secret_type: 'github_personal_access_token',
      secret_type_display_name: 'GitHub Personal Access Token',
      secret: SEEDED_SECRETS.githubToken,
      push_protection_bypassed: true,
      push_protection_bypassed_by: { login: 'hubot' },
      validity: 'active',
      html_url: 'https://github.com/octo-org/hello-world/security/secret-scanning/1',
      first_location_detected: { path: 'scripts/deploy.sh', start_line: 4 },
    });
    expect(body[0].locations_url).toMatch(/\/secret-scanning\/alerts\/1\/locations$/);
    const hidden = await call(`${github.url}${HELLO}/secret-scanning/alerts?hide_secret=true`, { token: octocat });
    expect(hidden.text).not.toContain(SEEDED_SECRETS.githubToken);
    expect(hidden.body[0]).not.toHaveProperty('secret');
    const numbers = async (query: string) =>
      (await call(`${github.url}${HELLO}/secret-scanning/alerts?${query}`, { token: octocat })).body.map((a: Json) => a.number);
    expect(await numbers('state=resolved')).toEqual([2]);
    expect(await numbers('secret_type=aws_access_key_id,slack_api_token')).toEqual([2]);
    expect(await numbers('resolution=revoked')).toEqual([2]);
    expect(await numbers('resolution=false_positive')).toEqual([]);
    expect(await numbers('sort=created&direction=asc')).toEqual([2, 1]);
    const page = await call(`${github.url}${HELLO}/secret-scanning/alerts?per_page=1`, { token: octocat });
    expect(page.headers.get('link')).toMatch(/page=2>; rel="next"/);
    expect((await call(`${github.url}${HELLO}/secret-scanning/alerts?state=fixed`, { token: octocat })).status).toBe(422);
  });

  it('gets one alert, hiding the secret on request; 404 when disabled or unknown', async () => {
    const github = await fake();
    const one = await call(`${github.url}${HELLO}/secret-scanning/alerts/2?hide_secret=true`, { token: octocat });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ number: 2, state: 'resolved', resolution: 'revoked', resolved_by: { login: 'octocat' } });
    expect(one.body).not.toHaveProperty('secret');
    expect((await call(`${github.url}${HELLO}/secret-scanning/alerts/2`, { token: octocat })).body.secret).toBe(SEEDED_SECRETS.awsKey);
    expect((await call(`${github.url}${HELLO}/secret-scanning/alerts/3`, { token: octocat })).status).toBe(404);
    const disabled = await call(`${github.url}${PLANS}/secret-scanning/alerts`, { token: octocat });
    expect(disabled.status).toBe(404);
    expect(disabled.body.message).toBe('Secret scanning is disabled on this repository.');
  });
});

describe('Dependabot alerts', () => {
  it('lists alerts with advisory and vulnerability, filtered by state, severity, ecosystem, package and scope', async () => {
    const github = await fake();
    const { status, body } = await call(`${github.url}${HELLO}/dependabot/alerts`, { token: octocat });
    expect(status).toBe(200);
    expect(body.map((alert: Json) => alert.number)).toEqual([5, 4, 3, 2, 1]);
    const lodash = body.find((alert: Json) => alert.number === 1);
    expect(lodash).toMatchObject({
      state: 'open',
      dependency: { package: { ecosystem: 'npm', name: 'lodash' }, manifest_path: 'package-lock.json', scope: 'runtime' },
      security_advisory: { ghsa_id: 'GHSA-35jh-r3h4-6jhm', cve_id: 'CVE-2021-23337', severity: 'high' },
      security_vulnerability: { vulnerable_version_range: '< 4.17.21', first_patched_version: { identifier: '4.17.21' } },
      html_url: 'https://github.com/octo-org/hello-world/security/dependabot/1',
    });
    const numbers = async (query: string) =>
      (await call(`${github.url}${HELLO}/dependabot/alerts?${query}`, { token: octocat })).body.map((a: Json) => a.number);
    expect(await numbers('state=open')).toEqual([5, 2, 1]);
    expect(await numbers('state=fixed,dismissed')).toEqual([4, 3]);
    expect(await numbers('severity=critical,high')).toEqual([2, 1]);
    expect(await numbers('ecosystem=pip')).toEqual([4]);
    expect(await numbers('package=lodash,debug')).toEqual([5, 1]);
    expect(await numbers('scope=runtime&direction=asc')).toEqual([1, 4]);
    expect((await call(`${github.url}${HELLO}/dependabot/alerts?severity=moderate`, { token: octocat })).status).toBe(422);
  });

  it('pages by cursor (after and before in the Link header) and refuses page with a 400', async () => {
    const github = await fake();
    const first = await call(`${github.url}${HELLO}/dependabot/alerts?per_page=2`, { token: octocat });
    expect(first.body.map((a: Json) => a.number)).toEqual([5, 4]);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1] ?? '';
    expect(next).toMatch(/[?&]after=/);
    expect(first.headers.get('link')).not.toMatch(/rel="prev"/);
    const second = await call(next, { token: octocat });
    expect(second.body.map((a: Json) => a.number)).toEqual([3, 2]);
    const prev = /<([^>]+)>; rel="prev"/.exec(second.headers.get('link') ?? '')?.[1] ?? '';
    expect(prev).toMatch(/[?&]before=/);
    expect((await call(prev, { token: octocat })).body.map((a: Json) => a.number)).toEqual([5, 4]);
    const third = await call(/<([^>]+)>; rel="next"/.exec(second.headers.get('link') ?? '')?.[1] ?? '', { token: octocat });
    expect(third.body.map((a: Json) => a.number)).toEqual([1]);
    expect(third.headers.get('link')).not.toMatch(/rel="next"/);
    const paged = await call(`${github.url}${HELLO}/dependabot/alerts?page=2`, { token: octocat });
    expect(paged.status).toBe(400);
    expect(paged.body.message).toBe('Pagination using the `page` parameter is not supported.');
    expect((await call(`${github.url}${HELLO}/dependabot/alerts?after=bm9wZQ`, { token: octocat })).status).toBe(400);
  });

  it('gets one alert with its markdown description; 403 when Dependabot alerts are off', async () => {
    const github = await fake();
    const { status, body } = await call(`${github.url}${HELLO}/dependabot/alerts/1`, { token: octocat });
    expect(status).toBe(200);
    expect(body.security_advisory.description).toContain(HIDDEN_INSTRUCTION);
    expect(body.security_advisory.identifiers).toEqual([
      { value: 'GHSA-35jh-r3h4-6jhm', type: 'GHSA' },
      { value: 'CVE-2021-23337', type: 'CVE' },
    ]);
    expect((await call(`${github.url}${HELLO}/dependabot/alerts/6`, { token: octocat })).status).toBe(404);
    const off = await call(`${github.url}${PLANS}/dependabot/alerts`, { token: octocat });
    expect(off.status).toBe(403);
    expect(off.body.message).toBe('Dependabot alerts are disabled for this repository.');
  });
});

describe('who may read alerts', () => {
  const paths = ['code-scanning/alerts', 'secret-scanning/alerts', 'dependabot/alerts'];

  it('refuses fine-grained tokens without the alert permissions, even on a public repository', async () => {
    const github = await fake();
    for (const path of paths) {
      for (const repo of [HELLO, PLANS]) {
        const refused = await call(`${github.url}${repo}/${path}`, { token: hubot });
        expect(refused.status, `${repo}/${path}`).toBe(403);
        expect(refused.body.message).toBe('Resource not accessible by personal access token');
      }
    }
  });

  it('lets hubotOps through to the feature’s own answer on secret-plans, and read hello-world as a writer', async () => {
    const github = await fake();
    const messages = await Promise.all(
      paths.map(async (path) => (await call(`${github.url}${PLANS}/${path}`, { token: hubotOps })).body.message),
    );
    expect(messages).toEqual([
      'Advanced Security must be enabled for this repository to use code scanning.',
      'Secret scanning is disabled on this repository.',
      'Dependabot alerts are disabled for this repository.',
    ]);
    expect((await call(`${github.url}${HELLO}/code-scanning/alerts`, { token: hubotOps })).status).toBe(200);
    expect((await call(`${github.url}${HELLO}/dependabot/alerts`, { token: hubotOps })).status).toBe(200);
    // Secret scanning alerts are for administrators; hubot only writes to hello-world.
    const secrets = await call(`${github.url}${HELLO}/secret-scanning/alerts`, { token: hubotOps });
    expect(secrets.status).toBe(403);
    expect(secrets.body.message).toBe('Must have admin rights to Repository.');
  });

  it('takes public_repo on a public repository, yet a stranger has no role for alerts; no scope is a 404, anonymous a 401', async () => {
    const github = await fake();
    const stranger = await call(`${github.url}${HELLO}/code-scanning/alerts`, { token: mallory });
    expect(stranger.status).toBe(403);
    expect(stranger.body.message).toMatch(/write access/);
    expect((await call(`${github.url}${PLANS}/dependabot/alerts`, { token: mallory })).status).toBe(404);
    const writer = 'ghp_fakeHubotPublicRepo000000000000000';
    github.tokens.add(writer, { login: 'hubot', kind: 'classic', scopes: ['public_repo'] });
    expect((await call(`${github.url}${HELLO}/dependabot/alerts`, { token: writer })).status).toBe(200);
    const securityEvents = 'ghp_fakeOctocatSecurityEvents00000000';
    github.tokens.add(securityEvents, { login: 'octocat', kind: 'classic', scopes: ['security_events'] });
    expect((await call(`${github.url}${PLANS}/dependabot/alerts`, { token: securityEvents })).status).toBe(403);
    for (const path of paths) expect((await call(`${github.url}${HELLO}/${path}`, { token: octocatNoScopes })).status).toBe(404);
    expect((await call(`${github.url}${HELLO}/code-scanning/alerts`)).status).toBe(401);
    expect((await call(`${github.url}${PLANS}/code-scanning/alerts`)).status).toBe(404);
  });
});
