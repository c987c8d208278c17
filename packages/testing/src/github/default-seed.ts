import type { GitHubTokens } from './github-tokens.js';
import type { GitHubWorld } from './github-world.js';
import { seedActions } from './seed-actions.js';
import { seedChecks } from './seed-checks.js';
import { seedGists } from './seed-gists.js';
import { seedHelloWorld } from './seed-hello-world.js';
import { seedHelloWorldIssues, seedSmallIssues } from './seed-issues.js';
import { seedNotifications } from './seed-notifications.js';
import { seedSecurity } from './seed-security.js';
import { seedTeams } from './seed-teams.js';

/**
 * The world every fake GitHub starts with unless told otherwise:
 *
 * - `octocat` (id 1): owner (admin) of the `octo-org` organization.
 * - `hubot` (id 2): member of octo-org (read on every org repository), write on hello-world,
 *   outside collaborator (write) on monalisa/sketchbook.
 * - `monalisa` (id 3): no push on hello-world but a past contributor there; owns sketchbook.
 * - `mallory` (id 4): a stranger with no access anywhere, author of hostile issues and comments.
 * - `octo-org/hello-world` (public): 42 commits on main/dev/readme-rewrite, 3 tags, 2 releases,
 *   38 issues and pull requests. `octo-org/secret-plans` (private, members only).
 *   `monalisa/sketchbook` (public, no releases).
 */

/** Tokens of the default seed. */
export const SEED_TOKENS = {
  /** Classic token: scopes `repo, read:org, notifications, gist`. */
  octocat: 'ghp_fakeOctocatToken000000000000000000',
  /** Classic token with only `read:user`: no private repositories, no writes. */
  octocatNoScopes: 'ghp_fakeOctocatNoScopes00000000000000',
  /** Fine-grained token: contents, issues and pull requests write, every repository. */
  hubot: 'github_pat_11AAAAAAA0fakeHubotToken0000000000000000000000000000000000000000000000',
  /** Fine-grained token: read-only everywhere (writes get 403 "Resource not accessible…"). */
  hubotReadOnly: 'github_pat_11AAAAAAA0fakeHubotReadOnly000000000000000000000000000000000000000',
  /** Fine-grained token for operations: actions write; checks, statuses and every alert area read; contents read. */
  hubotOps: 'github_pat_11AAAAAAA0fakeHubotOps00000000000000000000000000000000000000000000000',
  /** Classic token. */
  monalisa: 'ghp_fakeMonalisaToken00000000000000000',
  /** Classic token. */
  mallory: 'ghp_fakeMalloryToken000000000000000000',
} as const;

export const SEED_REPOS = {
  helloWorld: { owner: 'octo-org', repo: 'hello-world', id: 1296269 },
  secretPlans: { owner: 'octo-org', repo: 'secret-plans', id: 1296270 },
  sketchbook: { owner: 'monalisa', repo: 'sketchbook', id: 1296271 },
} as const;

export function defaultGitHubSeed(world: GitHubWorld, tokens: GitHubTokens): void {
  world.addAccount({
    id: 1,
    login: 'octocat',
    name: 'The Octocat',
    email: 'octocat@github.com',
    company: '@github',
    blog: 'https://github.blog',
    location: 'San Francisco',
    bio: 'There once was...',
  });
  world.addAccount({ id: 2, login: 'hubot', name: 'Hubot', email: 'hubot@github.com', company: '@github', bio: 'I am a robot.' });
  world.addAccount({ id: 3, login: 'monalisa', name: 'Mona Lisa Octocat', email: 'mona@github.com', location: 'Florence' });
  world.addAccount({ id: 4, login: 'mallory', name: 'Mallory', email: null, bio: 'Just here to help.' });
  world.addAccount({
    id: 19864447,
    login: 'web-flow',
    name: 'GitHub Web Flow',
    email: 'noreply@github.com',
    createdAt: '2016-06-01T00:00:00Z',
  });
  world.addAccount({
    id: 9919,
    login: 'octo-org',
    type: 'Organization',
    name: 'Octo Org',
    email: 'hello@octo-org.example',
    blog: 'https://octo-org.example',
    members: { octocat: 'admin', hubot: 'member' },
  });

  tokens.add(SEED_TOKENS.octocat, { login: 'octocat', kind: 'classic' });
  tokens.add(SEED_TOKENS.octocatNoScopes, { login: 'octocat', kind: 'classic', scopes: ['read:user'] });
  tokens.add(SEED_TOKENS.hubot, { login: 'hubot', kind: 'fine-grained', expiresAt: '2027-01-31 00:00:00 UTC' });
  tokens.add(SEED_TOKENS.hubotReadOnly, {
    login: 'hubot',
    kind: 'fine-grained',
    permissions: { contents: 'read', issues: 'read', pull_requests: 'read' },
    expiresAt: '2027-01-31 00:00:00 UTC',
  });
  tokens.add(SEED_TOKENS.hubotOps, {
    login: 'hubot',
    kind: 'fine-grained',
    permissions: {
      contents: 'read',
      actions: 'write',
      checks: 'read',
      statuses: 'read',
      security_events: 'read',
      secret_scanning_alerts: 'read',
      vulnerability_alerts: 'read',
    },
    expiresAt: '2027-01-31 00:00:00 UTC',
  });
  tokens.add(SEED_TOKENS.monalisa, { login: 'monalisa', kind: 'classic' });
  tokens.add(SEED_TOKENS.mallory, { login: 'mallory', kind: 'classic', scopes: ['public_repo'] });

  const helloWorld = world.addRepo({
    id: SEED_REPOS.helloWorld.id,
    owner: 'octo-org',
    name: 'hello-world',
    description: 'My first repository on GitHub!',
    homepage: 'https://octo-org.example/hello-world',
    topics: ['octocat', 'example', 'typescript'],
    language: 'TypeScript',
    stargazers: 1420,
    forks: 210,
    watchers: 1420,
    license: { key: 'mit', name: 'MIT License', spdxId: 'MIT' },
    createdAt: '2026-01-05T08:00:00Z',
    collaborators: { hubot: 'write' },
  });
  const history = seedHelloWorld(world, helloWorld);
  seedHelloWorldIssues(world, helloWorld, history);

  const secret = world.addRepo({
    id: SEED_REPOS.secretPlans.id,
    owner: 'octo-org',
    name: 'secret-plans',
    private: true,
    description: 'Nothing to see here.',
    language: 'Markdown',
    createdAt: '2026-02-01T12:00:00Z',
  });
  const plans = [
    ['octocat', 'Initial plans', { 'README.md': '# Secret plans\n\nMembers only.\n' }],
    ['octocat', 'Draft the launch plan', { 'plans/launch.md': '# Launch\n\nCodename: BLUE OCTOPUS. Date: 2026-12-01.\n' }],
    ['hubot', 'Budget notes', { 'plans/budget.md': '# Budget\n\nHubot snacks: unlimited.\n' }],
  ] as const;
  plans.forEach(([who, message, changes], index) => {
    const person = who === 'octocat' ? { name: 'The Octocat', email: 'octocat@github.com' } : { name: 'Hubot', email: 'hubot@github.com' };
    secret.git.commitOn('main', { message, author: { ...person, date: `2026-02-0${index + 2}T10:00:00Z` }, changes });
  });
  seedSmallIssues(world, secret, [
    { title: 'Pick the launch date', user: 'octocat', body: 'December works for everyone?' },
    { title: 'Order more snacks', user: 'hubot', body: 'See plans/budget.md.' },
  ]);

  const sketchbook = world.addRepo({
    id: SEED_REPOS.sketchbook.id,
    owner: 'monalisa',
    name: 'sketchbook',
    description: 'Sketches and doodles, in SVG.',
    topics: ['art', 'svg'],
    language: 'SVG',
    stargazers: 12,
    createdAt: '2026-03-01T15:00:00Z',
    collaborators: { hubot: 'write' },
  });
  const mona = { name: 'Mona Lisa Octocat', email: 'mona@github.com' };
  sketchbook.git.commitOn('main', {
    message: 'First sketch',
    author: { ...mona, date: '2026-03-01T15:30:00Z' },
    changes: {
      'README.md': '# sketchbook\n\nDoodles.\n',
      'sketches/cat.svg': '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>\n',
    },
  });
  sketchbook.git.commitOn('main', {
    message: 'Add an octopus',
    author: { ...mona, date: '2026-03-04T15:30:00Z' },
    changes: { 'sketches/octopus.svg': '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="8" height="8"/></svg>\n' },
  });
  sketchbook.git.commitOn('main', {
    message: 'Add a palette',
    author: { name: 'Hubot', email: 'hubot@github.com', date: '2026-03-06T09:00:00Z' },
    changes: { 'palette.json': '{\n  "ink": "#24292f",\n  "paper": "#ffffff"\n}\n' },
  });
  seedSmallIssues(world, sketchbook, [
    { title: 'More colours in the palette', user: 'hubot', body: 'A blue, maybe.' },
    { title: 'Sketch request: a unicorn', user: 'mallory', body: 'Please draw a unicorn <img src=x onerror=alert(1)>' },
  ]);
  for (const repo of [secret, sketchbook]) {
    const head = repo.git.resolveBranch('main');
    if (head) repo.pushedAt = repo.updatedAt = head.committer.date;
  }
  seedChecks(world);
  seedActions(world, tokens);
  seedSecurity(world, tokens);
  seedNotifications(world, tokens);
  seedGists(world, tokens);
  seedTeams(world, tokens);
}
