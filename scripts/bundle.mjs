#!/usr/bin/env node
// Bundles a server's bin into one ES module: `node scripts/bundle.mjs <package dir>` turns
// <dir>/src/bin.ts into <dir>/dist/bin.bundle.js, plus dist/chunks/ for what loads lazily,
// and makes dist/bin.js a three-line launcher of it. Run it after tsc (the package's
// `build` script): `dist/index.js`, the library entry with its .d.ts, stays as tsc emits
// it; only the bin is replaced.
//
// Why: a desktop client spawns a stdio server for every session, and most of a cold start
// was Node loading ~200 small modules (zod alone is ~100), not running them; one file is
// one read and one compile. Measured from spawn to the `initialize` answer on Node 20
// (medians): the filesystem server 360 → 215 ms, tasks 335 → 230 ms, against 300 ms for
// the reference @modelcontextprotocol/server-filesystem.
//
// - Each dynamic `import()` becomes its own chunk, loaded only when reached: the HTTP host
//   (Hono), metrics (prom-client), OAuth (jose), Redis (ioredis), rate-limiter-flexible.
//   Code shared with those chunks goes to small shared chunks, so every module still exists
//   once per process (`instanceof` across chunks holds).
// - Packages with native addons stay external and resolve from the package's own
//   node_modules at run time, so they must be among its dependencies.
// - One trim only a closed program can make (no other code in this process could select
//   another locale): zod's `z.locales` keeps English only, the locale zod configures
//   itself with; the other ~40 locales were a quarter of the bundle.
import { spawnSync } from 'node:child_process';
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';

/** Packages with native addons: never inlined. */
const EXTERNAL = ['better-sqlite3'];

/** `export * as locales from '../locales/index.js'` in zod's entry points → English only. */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core|mini)[\\/]/.test(args.importer)
        ? { path: join(dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-english-only' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
    }));
  },
};

const dir = resolve(process.argv[2] ?? '.');
const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
const outdir = join(dir, 'dist');
await rm(join(outdir, 'chunks'), { recursive: true, force: true });

const result = await build({
  absWorkingDir: dir,
  entryPoints: { 'bin.bundle': join(dir, 'src', 'bin.ts') },
  outdir,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Workspace packages resolve to their built dist, as when published, not to their sources.
  conditions: ['node', 'import', 'default'],
  external: EXTERNAL,
  // Whitespace and syntax only: names stay, so class names and stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'linked',
  sourcemap: 'linked',
  // CommonJS dependencies (pino, ioredis…) `require` Node built-ins; an ES module has no
  // `require`, so the bundle gets one.
  banner: {
    js: "import { createRequire as __mcpkitCreateRequire } from 'node:module';\nconst require = __mcpkitCreateRequire(import.meta.url);",
  },
  plugins: [zodEnglishOnly],
  logLevel: 'warning',
  metafile: true,
});

// The bin itself only turns on Node's compile cache (Node >= 22.1; a no-op on Node 20)
// before it loads the bundle: V8 then reuses the bundle's compiled code from the previous
// run instead of compiling 1 MB of JavaScript again (~25 ms of each start on Node 22).
// The import must be dynamic: a static one is compiled before any line here runs.
const bin = join(outdir, 'bin.js');
await writeFile(
  bin,
  `#!/usr/bin/env node
// ${pkg.name}'s bin, bundled by scripts/bundle.mjs: see there.
import module from 'node:module';

module.enableCompileCache?.();
await import('./bin.bundle.js');
`,
);
await chmod(bin, 0o755);
await rm(join(outdir, 'bin.js.map'), { force: true }); // tsc's map of the bin it emitted

// Smoke run: the bundle must load (no missing external, no `require` it cannot serve) and
// find its package.json (servers read it relative to their module, which therefore must
// end up in dist/, not in dist/chunks/).
const smoke = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8', timeout: 30_000 });
if (smoke.status !== 0 || smoke.stdout.trim() !== pkg.version) {
  console.error(`${pkg.name}: the bundled bin does not run (\`node dist/bin.js --version\`):\n${smoke.stdout}${smoke.stderr}`);
  process.exit(1);
}

// What a start loads: bin.js and the chunks it imports statically, transitively.
const outputs = result.metafile.outputs;
const eager = new Set();
const visit = (file) => {
  if (eager.has(file)) return;
  eager.add(file);
  for (const imported of outputs[file].imports) if (imported.kind === 'import-statement' && outputs[imported.path]) visit(imported.path);
};
visit(Object.keys(outputs).find((file) => file.endsWith('bin.bundle.js')));
const kib = (files) => `${(files.reduce((sum, file) => sum + outputs[file].bytes, 0) / 1024).toFixed(0)} KiB`;
const lazy = Object.keys(outputs).filter((file) => file.endsWith('.js') && !eager.has(file));
console.log(
  `${pkg.name}: dist/bin.js → dist/bin.bundle.js; ${kib([...eager])} loaded at start, ${kib(lazy)} in ${lazy.length} lazy chunks`,
);
