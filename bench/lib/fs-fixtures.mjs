/**
 * Generated data for the filesystem benchmarks, all from a seeded PRNG so every run
 * measures the same bytes: a source tree shaped like a real monorepo, a corpus of text
 * files for content search, and one large text file for head/tail. Each is written once
 * into a tracker scratch directory and reused by every round.
 */
import { closeSync, mkdirSync, openSync, readdirSync, statfsSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createPicker, createRandom } from './seed.mjs';

const KIB = 1024;
export const MIB = 1024 * KIB;
export const GIB = 1024 * MIB;

const WORDS = [
  'user',
  'account',
  'session',
  'token',
  'cache',
  'query',
  'index',
  'router',
  'button',
  'dialog',
  'table',
  'form',
  'field',
  'parser',
  'lexer',
  'client',
  'server',
  'worker',
  'queue',
  'event',
  'stream',
  'buffer',
  'config',
  'logger',
  'metrics',
  'invoice',
  'payment',
  'report',
  'upload',
  'search',
];
const DIR_NAMES = [
  'components',
  'utils',
  'lib',
  'core',
  'api',
  'hooks',
  'services',
  'models',
  'views',
  'helpers',
  'internal',
  'common',
  'types',
  'config',
  'server',
  'client',
  'plugins',
  'adapters',
  'handlers',
  'routes',
  'store',
  'fixtures',
  '__tests__',
  'styles',
  'assets',
];

// What each part of the tree holds: [extension, weight]. Source is a mixed-language
// monorepo, so `**/*.ts` matches a few thousand files rather than half the tree.
const SOURCE = [
  ['.ts', 7],
  ['.tsx', 5],
  ['.js', 12],
  ['.json', 8],
  ['.md', 6],
  ['.css', 6],
  ['.py', 12],
  ['.go', 8],
  ['.svg', 5],
  ['.txt', 6],
  ['.yaml', 5],
  ['.html', 5],
  ['.rs', 6],
  ['.sh', 4],
];
const TESTS = [
  ['.test.ts', 6],
  ['.test.js', 10],
  ['.snap', 8],
  ['.json', 6],
  ['_test.go', 8],
  ['.py', 8],
];
const BUILD = [
  ['.js', 10],
  ['.d.ts', 6],
  ['.js.map', 8],
];
const PACKAGE_CODE = [
  ['.js', 40],
  ['.cjs', 8],
  ['.mjs', 8],
  ['.d.ts', 6],
  ['.map', 14],
  ['.json', 6],
  ['.md', 4],
  ['.css', 3],
];
const DOCS = [
  ['.md', 10],
  ['.png', 5],
  ['.svg', 3],
  ['.html', 2],
];

/**
 * A directory of `budget` files spread over nested subdirectories at most `maxDepth`
 * below `dir` (a random recursive tree: most directories shallow, some deep), about
 * `perDir` files each.
 */
function fillRegion(dir, budget, { exts, maxDepth, perDir }, random, { pick, weighted }) {
  const dirs = [{ path: dir, depth: 0, names: new Set() }];
  mkdirSync(dir, { recursive: true });
  const wanted = Math.max(1, Math.round(budget / perDir));
  while (dirs.length < wanted) {
    const parent = dirs[Math.floor(random() * dirs.length)];
    if (parent.depth >= maxDepth) continue;
    let name = pick(DIR_NAMES);
    if (parent.names.has(name)) name = `${name}-${dirs.length}`;
    parent.names.add(name);
    const path = join(parent.path, name);
    mkdirSync(path);
    dirs.push({ path, depth: parent.depth + 1, names: new Set() });
  }
  for (let i = 0; i < budget; i++) {
    const target = dirs[Math.floor(random() * dirs.length)];
    const ext = weighted(exts);
    let name = `${pick(WORDS)}-${pick(WORDS)}${ext}`;
    if (target.names.has(name)) name = `${pick(WORDS)}-${i}${ext}`;
    target.names.add(name);
    writeFileSync(join(target.path, name), `// ${name}\n`);
  }
}

/** Fixed files (package.json, README.md, …) in `dir`; returns how many. */
function writeFixed(dir, names) {
  mkdirSync(dir, { recursive: true });
  for (const name of names) writeFileSync(join(dir, name), `${name}\n`);
  return names.length;
}

/**
 * A monorepo-shaped tree of exactly `files` files under `root`: `packages/<name>/` with
 * `src/`, `test/` and a `dist/` build output (half the tree), a `node_modules/` of
 * installed packages, some scoped, some with nested `node_modules/` (four tenths), and
 * `docs/`. Most files sit 5–7 levels deep (3–10 in all). Returns `{ files, dirs, ms }`, counted on disk.
 */
export function generateTree(root, { files, seed = 7 }) {
  const start = process.hrtime.bigint();
  const random = createRandom(seed);
  const picker = createPicker(random);
  const { pick } = picker;
  const randomInt = (min, max) => min + Math.floor(random() * (max - min + 1));
  let written = writeFixed(root, ['package.json', 'README.md', '.gitignore', 'tsconfig.json', 'pnpm-lock.yaml']);
  const uniqueName = (taken, make) => {
    let name = make();
    while (taken.has(name)) name = `${make()}-${taken.size}`;
    taken.add(name);
    return name;
  };

  // Packages: half the files.
  const packageCount = Math.max(2, Math.round(files / 2500));
  const packageBudget = Math.floor((files * 0.5) / packageCount);
  const packageNames = new Set();
  for (let p = 0; p < packageCount; p++) {
    const dir = join(
      root,
      'packages',
      uniqueName(packageNames, () => `${pick(WORDS)}-${pick(WORDS)}`),
    );
    const fixed = writeFixed(dir, ['package.json', 'README.md', 'tsconfig.json', '.gitignore']);
    const rest = packageBudget - fixed;
    const src = Math.round(rest * 0.6);
    const test = Math.round(rest * 0.15);
    fillRegion(join(dir, 'src'), src, { exts: SOURCE, maxDepth: 3, perDir: 12 }, random, picker);
    fillRegion(join(dir, 'test'), test, { exts: TESTS, maxDepth: 2, perDir: 10 }, random, picker);
    fillRegion(join(dir, 'dist'), rest - src - test, { exts: BUILD, maxDepth: 3, perDir: 15 }, random, picker);
    written += packageBudget;
  }

  // node_modules: four tenths, packages of 10–400 files, a fifth scoped, some with their own node_modules.
  const modulesBudget = Math.floor(files * 0.4);
  const modules = join(root, 'node_modules');
  const moduleNames = new Set();
  let modulesWritten = 0;
  const installPackage = (parent, budget, taken) => {
    const scoped = random() < 0.2;
    const name = uniqueName(taken, () => (scoped ? `@${pick(WORDS)}/${pick(WORDS)}-${pick(WORDS)}` : `${pick(WORDS)}-${pick(WORDS)}`));
    const dir = join(parent, name);
    const fixed = writeFixed(dir, ['package.json', 'README.md', 'LICENSE']);
    const code = Math.max(0, budget - fixed);
    fillRegion(join(dir, random() < 0.5 ? 'dist' : 'lib'), code, { exts: PACKAGE_CODE, maxDepth: 2, perDir: 20 }, random, picker);
    return { dir, files: fixed + code };
  };
  while (modulesWritten < modulesBudget) {
    const left = modulesBudget - modulesWritten;
    const size = Math.min(left, randomInt(10, 400));
    if (size < 3) {
      // Too few for a package of its own: a stray file at the top of node_modules.
      modulesWritten += writeFixed(
        modules,
        Array.from({ length: size }, (_, i) => `.stray-${i}`),
      );
      continue;
    }
    // A sixth of packages carry one dependency of their own, nested as npm does on conflicts.
    const nested = size > 40 && random() < 0.17 ? randomInt(10, Math.floor(size / 2)) : 0;
    const outer = installPackage(modules, size - nested, moduleNames);
    modulesWritten += outer.files;
    if (nested > 0) {
      modulesWritten += installPackage(join(outer.dir, 'node_modules'), nested, new Set()).files;
    }
  }
  written += modulesWritten;

  // docs: the rest.
  fillRegion(join(root, 'docs'), files - written, { exts: DOCS, maxDepth: 3, perDir: 15 }, random, picker);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const entries = readdirSync(root, { recursive: true, withFileTypes: true });
  const dirs = entries.filter((entry) => entry.isDirectory()).length;
  if (entries.length - dirs !== files) throw new Error(`the tree generator wrote ${entries.length - dirs} files, not ${files}`);
  return { files, dirs, ms };
}

/** A pool of text lines (log- and prose-like, 20–120 characters) to build files from. */
function linePool(random, picker, size = 4096) {
  const pool = [];
  for (let i = 0; i < size; i++) {
    const words = picker.words(4 + Math.floor(random() * 16));
    pool.push(random() < 0.5 ? `${i % 24}:${(i * 7) % 60} INFO ${picker.pick(WORDS)} ${words}` : words);
  }
  return pool;
}

/** About `bytes` of whole lines from the pool, ending with a newline. */
function textBlock(bytes, pool, random) {
  const lines = [];
  let size = 0;
  while (size < bytes) {
    const line = pool[Math.floor(random() * pool.length)];
    lines.push(line);
    size += line.length + 1;
  }
  return lines;
}

/**
 * `files` text files of about `fileBytes` each, 50 to a directory, with `needle` planted
 * once in each of `plants` files at a random line (nowhere else: the vocabulary never
 * spells it). Returns `{ bytes, files, plants, ms }`.
 */
export function generateCorpus(root, { files, fileBytes, needle, plants, seed = 11 }) {
  const start = process.hrtime.bigint();
  const random = createRandom(seed);
  const picker = createPicker(random);
  const pool = linePool(random, picker);
  const planted = new Set();
  while (planted.size < Math.min(plants, files)) planted.add(Math.floor(random() * files));
  let bytes = 0;
  for (let i = 0; i < files; i++) {
    const dir = join(root, `part-${String(Math.floor(i / 50)).padStart(3, '0')}`);
    if (i % 50 === 0) mkdirSync(dir, { recursive: true });
    const lines = textBlock(fileBytes, pool, random);
    if (planted.has(i)) lines[Math.floor(random() * lines.length)] = `${picker.words(5)} ${needle} ${picker.words(5)}`;
    const text = `${lines.join('\n')}\n`;
    writeFileSync(join(dir, `log-${String(i).padStart(4, '0')}.txt`), text);
    bytes += Buffer.byteLength(text);
  }
  return { bytes, files, plants: planted.size, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

/**
 * One text file of about `bytes` (lines of 20–120 characters), whose first line is `first`
 * and last line `last`, so a head or tail answer can be checked. Returns `{ bytes, ms }`.
 */
export function generateLargeTextFile(path, { bytes, first, last, seed = 13 }) {
  const start = process.hrtime.bigint();
  const random = createRandom(seed);
  const pool = linePool(random, createPicker(random));
  const fd = openSync(path, 'w');
  let written = 0;
  try {
    written += writeSync(fd, `${first}\n`);
    // Distinct 1 MiB blocks, a few of them cycled: the content only has to be text in lines.
    const blocks = Array.from({ length: 8 }, () => Buffer.from(`${textBlock(MIB, pool, random).join('\n')}\n`));
    for (let i = 0; written < bytes; i++) written += writeSync(fd, blocks[i % blocks.length]);
    written += writeSync(fd, `${last}\n`);
  } finally {
    closeSync(fd);
  }
  return { bytes: written, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

/** Bytes free for an unprivileged user on the filesystem holding `path` (what `df` shows as Avail). */
export function freeBytes(path) {
  const { bavail, bsize } = statfsSync(path);
  return bavail * bsize;
}
