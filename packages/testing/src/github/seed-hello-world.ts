import type { EntryChange, GitCommit, GitSignature } from './git-store.js';
import type { GitHubRepo, GitHubWorld } from './github-world.js';
import { changelog, greetModule, largeCsv, logoPng, readme } from './hello-world-files.js';

/**
 * The history of octo-org/hello-world: 34 commits on `main`, 6 on `dev` (branched after the 28th,
 * touching only new files, so it merges cleanly), 2 on `readme-rewrite` (branched after the 10th,
 * rewriting the README that main changed later, so it conflicts), tags v1.0.0, v1.1.0 and v2.0.0,
 * and releases for the last two. Files: README.md, src/ (nested), docs/ with a symlink, a PNG, a
 * CSV over 1 MiB, and a submodule.
 */

export interface HelloWorldHistory {
  /** Commits in the order they were made, per branch. */
  main: GitCommit[];
  dev: GitCommit[];
  readmeRewrite: GitCommit[];
  /** The squash-merged commit of monalisa's pull request. */
  typoFix: GitCommit;
}

const PEOPLE: Record<string, { name: string; email: string }> = {
  octocat: { name: 'The Octocat', email: 'octocat@github.com' },
  hubot: { name: 'Hubot', email: 'hubot@github.com' },
  monalisa: { name: 'Mona Lisa Octocat', email: 'mona@github.com' },
};
const WEB_FLOW = { name: 'GitHub', email: 'noreply@github.com' };
const START = Date.parse('2026-01-05T09:00:00Z');
const HOUR = 3_600_000;

/** The submodule's pinned commit in octo-org/shared-lib. */
export const SHARED_LIB_COMMIT = '7c2f3f0f6b1f4a3cbb3c0e5a9d2f8e1b4c6a9d10';

function at(hours: number): string {
  return new Date(START + hours * HOUR).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function sign(who: string, hours: number): GitSignature {
  const person = PEOPLE[who] ?? WEB_FLOW;
  return { ...person, date: at(hours) };
}

interface Step {
  who: string;
  message: string;
  changes: Record<string, EntryChange>;
  /** Committed through the web UI (squash merge): committer is GitHub. */
  web?: boolean;
}

function mainSteps(): Step[] {
  const log: string[] = [];
  const note = (entry: string) => {
    log.unshift(entry);
    return changelog(log);
  };
  const steps: Step[] = [
    {
      who: 'octocat',
      message: 'Initial commit',
      changes: {
        'README.md': readme('0.1.0'),
        LICENSE: 'MIT License\n\nCopyright (c) 2026 Octo Org\n',
        '.gitignore': 'node_modules/\ndist/\n',
      },
    },
    {
      who: 'octocat',
      message: 'Add package.json and TypeScript config',
      changes: {
        'package.json': '{\n  "name": "@octo-org/hello-world",\n  "version": "0.1.0",\n  "type": "module",\n  "main": "dist/index.js"\n}\n',
        'tsconfig.json': '{\n  "compilerOptions": { "strict": true, "module": "NodeNext", "outDir": "dist" }\n}\n',
      },
    },
    {
      who: 'octocat',
      message: 'Add greet()',
      changes: { 'src/greet.ts': greetModule([]), 'src/index.ts': "export { greet } from './greet.js';\n" },
    },
    {
      who: 'hubot',
      message: 'Add tests for greet()',
      changes: {
        'src/greet.test.ts':
          "import { greet } from './greet.js';\n\nif (greet('Mona') !== 'Hello, Mona!') throw new Error('greet is broken');\n",
      },
    },
    { who: 'octocat', message: 'Add logo', changes: { 'assets/logo.png': logoPng() } },
    {
      who: 'hubot',
      message: 'Add getting started guide',
      changes: { 'docs/guide/getting-started.md': '# Getting started\n\nInstall the pakcage, then call `greet()`.\n' },
    },
    { who: 'hubot', message: 'Link docs/latest to the current guide', changes: { 'docs/latest': { symlink: 'guide/getting-started.md' } } },
    { who: 'octocat', message: 'Add sample dataset for benchmarks', changes: { 'data/large-dataset.csv': largeCsv() } },
    {
      who: 'octocat',
      message: 'Vendor shared-lib as a submodule',
      changes: {
        '.gitmodules': '[submodule "vendor/shared-lib"]\n\tpath = vendor/shared-lib\n\turl = https://github.com/octo-org/shared-lib.git\n',
        'vendor/shared-lib': { submodule: 'https://github.com/octo-org/shared-lib.git', commit: SHARED_LIB_COMMIT },
      },
    },
    {
      who: 'hubot',
      message: 'Add farewell()',
      changes: { 'src/greet.ts': greetModule(['farewell']), 'src/index.ts': "export { farewell, greet } from './greet.js';\n" },
    },
  ];
  steps.push(
    { who: 'octocat', message: 'Start a changelog', changes: { 'CHANGELOG.md': note('1.0.0: greet() and farewell()') } },
    {
      who: 'octocat',
      message: 'Release 1.0.0',
      changes: {
        'package.json': '{\n  "name": "@octo-org/hello-world",\n  "version": "1.0.0",\n  "type": "module",\n  "main": "dist/index.js"\n}\n',
        'README.md': readme('1.0.0'),
      },
    },
    {
      who: 'hubot',
      message: 'Add string helpers',
      changes: {
        'src/utils/strings.ts': 'export const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);\n',
      },
    },
    {
      who: 'hubot',
      message: 'Add date helpers',
      changes: { 'src/utils/dates.ts': 'export const isoDay = (date: Date): string => date.toISOString().slice(0, 10);\n' },
    },
    {
      who: 'monalisa',
      message: 'Fix typo in getting started guide (#8)',
      web: true,
      changes: { 'docs/guide/getting-started.md': '# Getting started\n\nInstall the package, then call `greet()`.\n' },
    },
    {
      who: 'hubot',
      message: 'Add shout()',
      changes: {
        'src/greet.ts': greetModule(['farewell', 'shout']),
        'src/index.ts': "export { farewell, greet, shout } from './greet.js';\n",
      },
    },
    {
      who: 'octocat',
      message: 'Document shout()',
      changes: { 'README.md': readme('1.0.0', '\nCall `shout()` to greet loudly.\n'), 'CHANGELOG.md': note('shout()') },
    },
    {
      who: 'hubot',
      message: 'Add API reference',
      changes: { 'docs/api/reference.md': '# API reference\n\n- `greet(name)`\n- `farewell(name)`\n- `shout(name)`\n' },
    },
    {
      who: 'octocat',
      message: 'Add CI workflow',
      changes: {
        '.github/workflows/ci.yml':
          'name: CI\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test\n',
      },
    },
    {
      who: 'octocat',
      message: 'Release 1.1.0',
      changes: {
        'package.json': '{\n  "name": "@octo-org/hello-world",\n  "version": "1.1.0",\n  "type": "module",\n  "main": "dist/index.js"\n}\n',
        'CHANGELOG.md': note('1.1.0'),
      },
    },
  );
  for (let n = 1; n <= 8; n += 1) {
    const who = n % 2 === 0 ? 'octocat' : 'hubot';
    steps.push({
      who,
      message: `Refresh benchmark notes (${n}/8)`,
      changes: { 'docs/benchmarks.md': `# Benchmarks\n\nRound ${n}: greet() runs ${n * 1000} times per millisecond.\n` },
    });
  }
  steps.push(
    {
      who: 'hubot',
      message: 'Add greetIn() with a few locales',
      changes: {
        'src/greet.ts': greetModule(['farewell', 'shout', 'locale']),
        'src/index.ts': "export { farewell, greet, greetIn, shout } from './greet.js';\n",
      },
    },
    {
      who: 'octocat',
      message: 'Release 2.0.0',
      changes: {
        'package.json': '{\n  "name": "@octo-org/hello-world",\n  "version": "2.0.0",\n  "type": "module",\n  "main": "dist/index.js"\n}\n',
        'README.md': readme('2.0.0', '\nCall `shout()` to greet loudly, `greetIn()` to greet in French, Spanish or German.\n'),
        'CHANGELOG.md': note('2.0.0: greetIn()'),
      },
    },
    {
      who: 'octocat',
      message: 'Mention the changelog in the README',
      changes: {
        'README.md': readme(
          '2.0.0',
          '\nCall `shout()` to greet loudly, `greetIn()` to greet in French, Spanish or German.\nSee CHANGELOG.md for what changed.\n',
        ),
      },
    },
    {
      who: 'hubot',
      message: 'Tidy the API reference',
      changes: {
        'docs/api/reference.md': '# API reference\n\n- `greet(name)`\n- `farewell(name)`\n- `shout(name)`\n- `greetIn(locale, name)`\n',
      },
    },
    { who: 'octocat', message: 'Note unreleased work', changes: { 'CHANGELOG.md': note('Unreleased: feature flags (on dev)') } },
    {
      who: 'hubot',
      message: 'Handle empty names in greet()',
      changes: {
        'src/greet.test.ts':
          "import { greet } from './greet.js';\n\nif (greet('Mona') !== 'Hello, Mona!') throw new Error('greet is broken');\nif (greet('  ') !== 'Hello, world!') throw new Error('empty names');\n",
      },
    },
  );
  return steps;
}

function devSteps(): Step[] {
  return [
    {
      who: 'hubot',
      message: 'Add feature flag store',
      changes: {
        'src/flags/store.ts':
          'const flags = new Map<string, boolean>();\n\nexport const setFlag = (name: string, on: boolean): void => void flags.set(name, on);\nexport const isOn = (name: string): boolean => flags.get(name) ?? false;\n',
      },
    },
    {
      who: 'hubot',
      message: 'Read flags from the environment',
      changes: {
        'src/flags/env.ts':
          "import { setFlag } from './store.js';\n\nfor (const name of (process.env.HELLO_FLAGS ?? '').split(',')) if (name) setFlag(name, true);\n",
      },
    },
    { who: 'hubot', message: 'Export flags', changes: { 'src/flags/index.ts': "export { isOn, setFlag } from './store.js';\n" } },
    {
      who: 'octocat',
      message: 'Document feature flags',
      changes: { 'docs/flags.md': '# Feature flags\n\nSet `HELLO_FLAGS=a,b` to turn flags on.\n' },
    },
    {
      who: 'hubot',
      message: 'Test the flag store',
      changes: {
        'src/flags/store.test.ts':
          "import { isOn, setFlag } from './store.js';\n\nsetFlag('x', true);\nif (!isOn('x')) throw new Error('flag store is broken');\n",
      },
    },
    {
      who: 'hubot',
      message: 'Flag for loud greetings',
      changes: { 'src/flags/loud.ts': "import { isOn } from './store.js';\n\nexport const loud = (): boolean => isOn('loud');\n" },
    },
  ];
}

/** Builds the history into `repo` and returns its commits. */
export function seedHelloWorld(world: GitHubWorld, repo: GitHubRepo): HelloWorldHistory {
  const git = repo.git;
  let hours = 0;
  const run = (branch: string, steps: Step[], spacing: number): GitCommit[] =>
    steps.map((step) => {
      hours += spacing;
      const author = sign(step.who, hours);
      return git.commitOn(branch, {
        message: step.message,
        author,
        committer: step.web ? { ...WEB_FLOW, date: author.date } : author,
        changes: step.changes,
      });
    });
  const steps = mainSteps();
  const main = run('main', steps.slice(0, 10), 30);
  git.branches.set('readme-rewrite', main[9]?.sha ?? '');
  main.push(...run('main', steps.slice(10, 28), 30));
  git.branches.set('dev', main[27]?.sha ?? '');
  const dev = run('dev', devSteps(), 7);
  main.push(...run('main', steps.slice(28), 20));
  hours = 10 * 30 + 5;
  const readmeRewrite = run(
    'readme-rewrite',
    [
      {
        who: 'octocat',
        message: 'Rewrite the README',
        changes: { 'README.md': '# hello-world\n\nGreetings, as a service.\n\nSee docs/ for everything else.\n' },
      },
      { who: 'octocat', message: 'Shorten the README further', changes: { 'README.md': '# hello-world\n\nGreetings, as a service.\n' } },
    ],
    3,
  );
  const commitAt = (index: number) => main[index]?.sha ?? '';
  git.tags.set('v1.0.0', commitAt(11));
  git.tags.set('v1.1.0', commitAt(19));
  git.tags.set('v2.0.0', commitAt(29));
  const typoFix = main[14];
  if (!typoFix) throw new Error('hello-world history is shorter than planned');
  repo.pushedAt = main[main.length - 1]?.committer.date ?? repo.pushedAt;
  repo.updatedAt = repo.pushedAt;
  repo.releases.push(
    {
      id: world.nextId(),
      tagName: 'v1.1.0',
      targetCommitish: 'main',
      name: 'v1.1.0',
      body: '## What changed\n\n- `shout()`\n- API reference\n\n**Full Changelog**: https://github.com/octo-org/hello-world/compare/v1.0.0...v1.1.0',
      draft: false,
      prerelease: false,
      createdAt: main[19]?.committer.date ?? '',
      publishedAt: main[19]?.committer.date ?? '',
      author: 'octocat',
      assets: [
        {
          id: world.nextId(),
          name: 'hello-world-1.1.0.tgz',
          label: null,
          contentType: 'application/gzip',
          size: 4821,
          downloadCount: 37,
          createdAt: main[19]?.committer.date ?? '',
          uploader: 'octocat',
        },
      ],
    },
    {
      id: world.nextId(),
      tagName: 'v2.0.0',
      targetCommitish: 'main',
      name: 'v2.0.0 — greetings in four languages',
      body: '## Breaking changes\n\n- Node 20 or later\n\n## New\n\n- `greetIn(locale, name)`\n\n**Full Changelog**: https://github.com/octo-org/hello-world/compare/v1.1.0...v2.0.0',
      draft: false,
      prerelease: false,
      createdAt: main[29]?.committer.date ?? '',
      publishedAt: main[29]?.committer.date ?? '',
      author: 'octocat',
      assets: [
        {
          id: world.nextId(),
          name: 'hello-world-2.0.0.tgz',
          label: 'npm package',
          contentType: 'application/gzip',
          size: 5310,
          downloadCount: 12,
          createdAt: main[29]?.committer.date ?? '',
          uploader: 'octocat',
        },
        {
          id: world.nextId(),
          name: 'checksums.txt',
          label: null,
          contentType: 'text/plain',
          size: 98,
          downloadCount: 3,
          createdAt: main[29]?.committer.date ?? '',
          uploader: 'octocat',
        },
      ],
    },
  );
  return { main, dev, readmeRewrite, typoFix };
}
