import { CLIENT_KINDS, expectToolError, HIDDEN_INSTRUCTION, SEED_TOKENS } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';
import { type GitHubHarness, useGitHub } from '../github-server.fixture.js';

// Code scanning, secret scanning and Dependabot tools against the fake's seed: octo-org/hello-world
// has alerts of every kind, octo-org/secret-plans has every feature off.

const HELLO = { owner: 'octo-org', repo: 'hello-world' };
const PLANS = { owner: 'octo-org', repo: 'secret-plans' };
const SKETCHBOOK = { owner: 'monalisa', repo: 'sketchbook' };
const TOOLS = [
  'list_code_scanning_alerts',
  'get_code_scanning_alert',
  'list_secret_scanning_alerts',
  'get_secret_scanning_alert',
  'list_dependabot_alerts',
  'get_dependabot_alert',
];
const TAG_CHARACTERS = /[\u{E0000}-\u{E007F}]/u;

type Numbered = { alerts: Array<{ number: number }> };
const numbersOf = (structured: unknown) => (structured as Numbered).alerts.map((alert) => alert.number);
const cursorOf = (structured: unknown) => (structured as { pagination: { nextCursor: string } }).pagination.nextCursor;

/** The secrets seeded on hello-world, read from the fake's own state. */
function seededSecrets(h: GitHubHarness): string[] {
  const repo = h.github.world.repo('octo-org', 'hello-world');
  if (!repo) throw new Error('no hello-world in the seed');
  const secrets = h.github.world.security.of(repo).secretScanning.map((alert) => alert.secret);
  expect(secrets.length).toBeGreaterThan(1);
  return secrets;
}

/** What GitHub sends when it ignores `hide_secret` (an older Enterprise Server): the fake's answer with the secret in. */
async function answerWithSecret(h: GitHubHarness, path: string) {
  const response = await fetch(`${h.github.url}${path}`, { headers: { authorization: `token ${SEED_TOKENS.octocat}` } });
  const json = await response.json();
  expect(JSON.stringify(json)).toMatch(/"secret":/);
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, json };
}

describe.each(CLIENT_KINDS)('GitHub security alert tools (%s)', (kind) => {
  const start = useGitHub();

  describe('code scanning', () => {
    it('list_code_scanning_alerts lists open alerts of the default branch with severity and state in each line', async () => {
      const h = await start(kind);
      const result = await h.client.callTool('list_code_scanning_alerts', HELLO);
      expect(result.isError, result.text).toBe(false);
      expect(numbersOf(result.structured)).toEqual([4, 3, 2, 1]);
      expect(result.text).toMatch(/^octo-org\/hello-world code scanning alerts \(open\):/);
      expect(result.text).toContain(
        '#1 [open] high js/polynomial-redos: Polynomial regular expression used on uncontrolled data — src/utils/strings.ts:1 (CodeQL 2.19.3)',
      );
      expect(result.text).toMatch(/#3 \[open\] note js\/unused-local-variable/);
      expect(result.text).toMatch(/#4 \[open\] medium actions\/missing-workflow-permissions: .* — \.github\/workflows\/ci\.yml:6-12/);
      // The message that hides an instruction in tag characters comes out without them.
      expect(result.text).not.toMatch(TAG_CHARACTERS);
      expect(JSON.stringify(result.structured)).not.toMatch(TAG_CHARACTERS);
    });

    it('filters by state, severity, tool and ref, and pages with a Link-based note', async () => {
      const h = await start(kind);
      const critical = await h.client.callTool('list_code_scanning_alerts', { ...HELLO, state: 'all', severity: 'critical' });
      expect(numbersOf(critical.structured)).toEqual([5]);
      expect(critical.text).toMatch(
        /#5 \[fixed\] critical js\/code-injection: Code injection — src\/index\.ts:1 \(CodeQL 2\.19\.3, fixed 2026-04-01\)/,
      );
      const dismissed = await h.client.callTool('list_code_scanning_alerts', { ...HELLO, state: 'dismissed' });
      expect(dismissed.text).toMatch(/#6 \[dismissed\] high js\/insecure-randomness.*dismissed: used in tests/);
      const closed = await h.client.callTool('list_code_scanning_alerts', { ...HELLO, state: 'closed' });
      expect(numbersOf(closed.structured)).toEqual([6, 5]);
      const eslint = await h.client.callTool('list_code_scanning_alerts', { ...HELLO, toolName: 'ESLint', ref: 'dev' });
      expect(numbersOf(eslint.structured)).toEqual([7]);
      expect(eslint.text).toMatch(/ at dev:\n#7 \[open\] warning security\/detect-object-injection/);
      const none = await h.client.callTool('list_code_scanning_alerts', { ...HELLO, toolName: 'ESLint' });
      expect(none.text).toBe('No open code scanning alerts in octo-org/hello-world.');

      const first = await h.client.callTool('list_code_scanning_alerts', { ...HELLO, perPage: 3 });
      expect(first.structured?.pagination).toMatchObject({ page: 1, perPage: 3, hasMore: true, lastPage: 2 });
      expect(first.text).toMatch(/Page 1 of 2 — call again with page 2 for more\.$/);
      const second = await h.client.callTool('list_code_scanning_alerts', { ...HELLO, perPage: 3, page: 2 });
      expect(numbersOf(second.structured)).toEqual([1]);
      expect(second.structured?.pagination).toMatchObject({ page: 2, hasMore: false });
      expect(
        h.github.requests
          .filter((r) => r.path.endsWith('/code-scanning/alerts'))
          .at(-1)
          ?.searchParams.get('per_page'),
      ).toBe('3');
    });

    it('get_code_scanning_alert shows the full message and sanitized help; bad numbers never reach GitHub', async () => {
      const h = await start(kind);
      const result = await h.client.callTool('get_code_scanning_alert', { ...HELLO, alertNumber: 2 });
      expect(result.isError, result.text).toBe(false);
      expect(result.text).toMatch(/^#2 \[open\] medium js\/incomplete-sanitization/);
      expect(result.text).toContain(`Message: This replaces only the first occurrence of "'".\n`);
      expect(result.text).toContain('Use a regular expression with the global flag.');
      expect(result.text).toMatch(/At refs\/heads\/main [0-9a-f]{40}/);
      const data = result.structured as { help: string; tags: string[]; alert: { message: string } };
      expect(data.tags).toContain('external/cwe/cwe-116');
      for (const text of [result.text, JSON.stringify(result.structured)]) {
        expect(text).not.toContain(HIDDEN_INSTRUCTION);
        expect(text).not.toMatch(TAG_CHARACTERS);
      }
      const dismissed = await h.client.callTool('get_code_scanning_alert', { ...HELLO, alertNumber: 6 });
      expect(dismissed.text).toContain('Dismissed by @octocat: Test fixtures only.');

      const before = h.github.hits();
      for (const alertNumber of [0, -1, 1.5, '2'])
        expectToolError(await h.client.callTool('get_code_scanning_alert', { ...HELLO, alertNumber }), 'invalid_input', /alertNumber/);
      expect(h.github.hits()).toBe(before);
      expectToolError(
        await h.client.callTool('get_code_scanning_alert', { ...HELLO, alertNumber: 99 }),
        'not_found',
        /code scanning alert #99/,
      );
    });

    it('says when code scanning needs Advanced Security or has no analysis', async () => {
      const h = await start(kind);
      expectToolError(
        await h.client.callTool('list_code_scanning_alerts', PLANS),
        'forbidden',
        /Code scanning is not available for octo-org\/secret-plans: .*Advanced Security/,
      );
      expectToolError(await h.client.callTool('get_code_scanning_alert', { ...PLANS, alertNumber: 1 }), 'forbidden', /Advanced Security/);
      expectToolError(
        await h.client.callTool('list_code_scanning_alerts', SKETCHBOOK),
        'not_found',
        /Code scanning has no analysis for monalisa\/sketchbook/,
      );
      expectToolError(
        await h.client.callTool('list_code_scanning_alerts', { ...HELLO, ref: 'readme-rewrite' }),
        'not_found',
        /no analysis/,
      );
    });
  });

  describe('secret scanning', () => {
    it('list_secret_scanning_alerts shows type, place and state, never the secret, and asks GitHub to hide it', async () => {
      const h = await start(kind);
      const secrets = seededSecrets(h);
      const result = await h.client.callTool('list_secret_scanning_alerts', HELLO);
      expect(result.isError, result.text).toBe(false);
      expect(numbersOf(result.structured)).toEqual([1, 2]);
      expect(result.text).toContain(
        '#1 [open] GitHub Personal Access Token (github_personal_access_token) in scripts/deploy.sh:4, validity active, push protection bypassed',
      );
      expect(result.text).toContain(
        '#2 [resolved] AWS Access Key ID (aws_access_key_id) in config/aws.json:2, resolved as revoked by @octocat',
      );
      for (const secret of secrets) {
        expect(result.text).not.toContain(secret);
        expect(JSON.stringify(result.structured)).not.toContain(secret);
      }
      expect(h.github.requests.at(-1)?.searchParams.get('hide_secret')).toBe('true');
    });

    it('filters by state, type and resolution, and pages', async () => {
      const h = await start(kind);
      const resolved = await h.client.callTool('list_secret_scanning_alerts', { ...HELLO, state: 'resolved' });
      expect(numbersOf(resolved.structured)).toEqual([2]);
      expect(resolved.text).toMatch(/^octo-org\/hello-world secret scanning alerts \(resolved\):/);
      const aws = await h.client.callTool('list_secret_scanning_alerts', { ...HELLO, secretType: 'aws_access_key_id,slack_api_token' });
      expect(numbersOf(aws.structured)).toEqual([2]);
      const revoked = await h.client.callTool('list_secret_scanning_alerts', { ...HELLO, resolution: 'revoked' });
      expect(numbersOf(revoked.structured)).toEqual([2]);
      const none = await h.client.callTool('list_secret_scanning_alerts', { ...HELLO, resolution: 'false_positive' });
      expect(none.text).toBe('No secret scanning alerts in octo-org/hello-world match.');
      const page = await h.client.callTool('list_secret_scanning_alerts', { ...HELLO, perPage: 1 });
      expect(page.structured?.pagination).toMatchObject({ hasMore: true, lastPage: 2 });
      const before = h.github.hits();
      expectToolError(await h.client.callTool('list_secret_scanning_alerts', { ...HELLO, resolution: 'fixed' }), 'invalid_input');
      expect(h.github.hits()).toBe(before);
    });

    it('get_secret_scanning_alert gives the bypass and the resolution, with a pasted key taken out of the comment', async () => {
      const h = await start(kind);
      const secrets = seededSecrets(h);
      const bypassed = await h.client.callTool('get_secret_scanning_alert', { ...HELLO, alertNumber: 1 });
      expect(bypassed.isError, bypassed.text).toBe(false);
      expect(bypassed.text).toContain('Push protection bypassed by @hubot at 2026-03-15T07:59:00Z');
      expect(bypassed.text).toContain('The secret itself is not shown');
      const resolved = await h.client.callTool('get_secret_scanning_alert', { ...HELLO, alertNumber: 2 });
      expect(resolved.text).toContain('Resolved 2026-02-21T10:00:00Z: Rotated [redacted] in IAM.');
      expect(resolved.structured).toMatchObject({ resolutionComment: 'Rotated [redacted] in IAM.', alert: { resolution: 'revoked' } });
      for (const result of [bypassed, resolved]) {
        for (const secret of secrets) {
          expect(result.text).not.toContain(secret);
          expect(JSON.stringify(result.structured)).not.toContain(secret);
        }
      }
      expect(h.github.requests.at(-1)?.searchParams.get('hide_secret')).toBe('true');
    });

    it('keeps the secret out even when GitHub sends it anyway', async () => {
      const h = await start(kind);
      const secrets = seededSecrets(h);
      const list = '/repos/octo-org/hello-world/secret-scanning/alerts';
      h.github.inject(list, await answerWithSecret(h, list), await answerWithSecret(h, `${list}/2`));
      const listed = await h.client.callTool('list_secret_scanning_alerts', HELLO);
      const one = await h.client.callTool('get_secret_scanning_alert', { ...HELLO, alertNumber: 2 });
      expect(listed.isError, listed.text).toBe(false);
      expect(one.isError, one.text).toBe(false);
      expect(numbersOf(listed.structured)).toEqual([1, 2]);
      expect(one.structured).toMatchObject({ resolutionComment: 'Rotated [secret] in IAM.' });
      for (const result of [listed, one]) {
        for (const secret of secrets) {
          expect(result.text).not.toContain(secret);
          expect(JSON.stringify(result.structured)).not.toContain(secret);
          expect(JSON.stringify(result.structured)).not.toContain(secret.slice(0, 12));
        }
      }
    });

    it('says secret scanning is disabled, and that its alerts are for admins', async () => {
      const h = await start(kind);
      expectToolError(
        await h.client.callTool('list_secret_scanning_alerts', PLANS),
        'not_found',
        /Secret scanning is disabled for octo-org\/secret-plans/,
      );
      expectToolError(await h.client.callTool('get_secret_scanning_alert', { ...HELLO, alertNumber: 3 }), 'not_found');
      const writer = await start(kind, { token: 'hubotOps' });
      expectToolError(
        await writer.client.callTool('list_secret_scanning_alerts', HELLO),
        'forbidden',
        /Must have admin rights to Repository/,
      );
    });
  });

  describe('Dependabot', () => {
    it('list_dependabot_alerts lists open alerts with severity, package, advisory and fix', async () => {
      const h = await start(kind);
      const result = await h.client.callTool('list_dependabot_alerts', HELLO);
      expect(result.isError, result.text).toBe(false);
      expect(numbersOf(result.structured)).toEqual([5, 2, 1]);
      expect(result.text).toContain(
        '#1 [open] high npm lodash (package-lock.json, runtime): Command Injection in lodash — GHSA-35jh-r3h4-6jhm, CVE-2021-23337; vulnerable < 4.17.21, patched in 4.17.21',
      );
      expect(result.text).toMatch(/#2 \[open\] critical npm minimist \(package-lock\.json, development\)/);
      expect(result.text).toMatch(/#5 \[open\] low npm debug/);
      expect(result.structured?.pagination).toEqual({ perPage: 30, hasMore: false, nextCursor: null });
    });

    it('filters by state, severity, ecosystem, package and scope', async () => {
      const h = await start(kind);
      const call = async (args: Record<string, unknown>) => h.client.callTool('list_dependabot_alerts', { ...HELLO, ...args });
      expect(numbersOf((await call({ severity: 'critical' })).structured)).toEqual([2]);
      const pip = await call({ state: 'all', ecosystem: 'pip' });
      expect(numbersOf(pip.structured)).toEqual([4]);
      expect(pip.text).toMatch(/#4 \[dismissed\] medium pip jinja2 \(docs\/requirements\.txt, runtime\).*; dismissed: tolerable_risk$/m);
      expect(numbersOf((await call({ package: 'lodash' })).structured)).toEqual([1]);
      expect(numbersOf((await call({ state: 'all', scope: 'development' })).structured)).toEqual([5, 3, 2]);
      const fixed = await call({ state: 'fixed' });
      expect(fixed.text).toMatch(/#3 \[fixed\] medium npm semver .*; fixed 2026-03-20$/m);
      expect((await call({ severity: 'low', scope: 'runtime' })).text).toBe(
        'No open, low, runtime Dependabot alerts in octo-org/hello-world.',
      );
    });

    it('pages by cursor and never sends a page number, which GitHub refuses', async () => {
      const h = await start(kind);
      const first = await h.client.callTool('list_dependabot_alerts', { ...HELLO, state: 'all', perPage: 2 });
      expect(numbersOf(first.structured)).toEqual([5, 4]);
      const cursor = cursorOf(first.structured);
      expect(cursor).toMatch(/^[A-Za-z0-9+/=]+$/);
      expect(first.text).toContain(`More alerts follow — call again with after "${cursor}".`);
      const second = await h.client.callTool('list_dependabot_alerts', { ...HELLO, state: 'all', perPage: 2, after: cursor });
      expect(numbersOf(second.structured)).toEqual([3, 2]);
      const next = cursorOf(second.structured);
      const last = await h.client.callTool('list_dependabot_alerts', { ...HELLO, state: 'all', perPage: 2, after: next });
      expect(numbersOf(last.structured)).toEqual([1]);
      expect(last.structured?.pagination).toMatchObject({ hasMore: false, nextCursor: null });
      expect(last.text).not.toMatch(/More alerts follow/);
      const sent = h.github.requests.filter((r) => r.path.endsWith('/dependabot/alerts'));
      expect(sent).toHaveLength(3);
      for (const request of sent) expect(request.searchParams.has('page')).toBe(false);
      const before = h.github.hits();
      expectToolError(await h.client.callTool('list_dependabot_alerts', { ...HELLO, after: '../x?y' }), 'invalid_input', /after/);
      expectToolError(await h.client.callTool('list_dependabot_alerts', { ...HELLO, page: 2 }), 'invalid_input');
      expect(h.github.hits()).toBe(before);
    });

    it('get_dependabot_alert shows the advisory, sanitized and capped', async () => {
      const h = await start(kind, { argv: ['--max-body-chars', '1000'] });
      const result = await h.client.callTool('get_dependabot_alert', { ...HELLO, alertNumber: 1 });
      expect(result.isError, result.text).toBe(false);
      expect(result.text).toMatch(/^#1 \[open\] high npm lodash/);
      expect(result.text).toContain('CVSS 7.2 (CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H)');
      expect(result.text).toContain('CWE: CWE-94');
      expect(result.text).toContain('Versions of `lodash` prior to 4.17.21 are vulnerable to Command Injection');
      expect(result.text).toMatch(
        /\[cut at 1,000 characters; the rest is at https:\/\/github\.com\/octo-org\/hello-world\/security\/dependabot\/1\]/,
      );
      expect(result.text).toContain('https://nvd.nist.gov/vuln/detail/CVE-2021-23337');
      const data = result.structured as { description: string; cvssScore: number };
      expect(data.cvssScore).toBe(7.2);
      expect(data.description.length).toBeLessThan(1_200);
      for (const text of [result.text, JSON.stringify(result.structured)]) {
        expect(text).not.toContain(HIDDEN_INSTRUCTION);
        expect(text).not.toMatch(/\]\(javascript:/);
      }
      const before = h.github.hits();
      expectToolError(await h.client.callTool('get_dependabot_alert', { ...HELLO, alertNumber: 0 }), 'invalid_input');
      expect(h.github.hits()).toBe(before);
      expectToolError(await h.client.callTool('get_dependabot_alert', { ...HELLO, alertNumber: 6 }), 'not_found', /Dependabot alert #6/);
    });

    it('says Dependabot alerts are disabled, and that a stranger cannot read them', async () => {
      const h = await start(kind);
      expectToolError(
        await h.client.callTool('list_dependabot_alerts', PLANS),
        'forbidden',
        /Dependabot alerts are disabled for octo-org\/secret-plans/,
      );
      const stranger = await start(kind, { token: 'mallory' });
      expectToolError(await stranger.client.callTool('list_dependabot_alerts', HELLO), 'forbidden', /write access/);
    });
  });

  describe('access', () => {
    it('hubot’s token without alert permissions is refused on secret-plans, while hubotOps gets through to each feature’s answer', async () => {
      const plain = await start(kind, { token: 'hubot' });
      for (const tool of ['list_code_scanning_alerts', 'list_secret_scanning_alerts', 'list_dependabot_alerts'])
        expectToolError(await plain.client.callTool(tool, PLANS), 'forbidden', /Resource not accessible by personal access token/);
      const ops = await start(kind, { token: 'hubotOps' });
      expectToolError(await ops.client.callTool('list_code_scanning_alerts', PLANS), 'forbidden', /Advanced Security/);
      expectToolError(await ops.client.callTool('list_secret_scanning_alerts', PLANS), 'not_found', /Secret scanning is disabled/);
      expectToolError(await ops.client.callTool('list_dependabot_alerts', PLANS), 'forbidden', /Dependabot alerts are disabled/);
      const code = await ops.client.callTool('list_code_scanning_alerts', HELLO);
      expect(code.isError, code.text).toBe(false);
      expect(numbersOf(code.structured)).toEqual([4, 3, 2, 1]);
      const dependabot = await ops.client.callTool('get_dependabot_alert', { ...HELLO, alertNumber: 2 });
      expect(dependabot.isError, dependabot.text).toBe(false);
    });

    it('--repos refuses a repository outside the list before any request; --read-only keeps every alert tool', async () => {
      const h = await start(kind, { argv: ['--repos', 'monalisa/*', '--read-only'] });
      const listed = (await h.client.listTools()).filter((tool) => TOOLS.includes(tool.name));
      expect(listed.map((tool) => tool.name).sort()).toEqual([...TOOLS].sort());
      for (const tool of listed) {
        expect(tool.annotations?.readOnlyHint).toBe(true);
        // A lean listing: each alert tool's whole entry stays under a kilobyte.
        expect(JSON.stringify(tool).length, tool.name).toBeLessThan(1_000);
      }
      const before = h.github.hits();
      for (const tool of TOOLS) {
        const args = tool.startsWith('get_') ? { ...HELLO, alertNumber: 1 } : HELLO;
        expectToolError(await h.client.callTool(tool, args), 'forbidden', /outside the repositories this server may use/);
      }
      expect(h.github.hits()).toBe(before);
    });
  });
});
