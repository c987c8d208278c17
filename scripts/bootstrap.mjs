#!/usr/bin/env node
// Installs the workspace with pnpm (fetched through npx: neither a global pnpm nor
// corepack is assumed) when node_modules is missing or older than the lockfile, and with
// --build builds every package through turbo. The first step of `npm start`/`npm test`.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PNPM = 'pnpm@10.34.8';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'node_modules', '.bin');

const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  console.error(`mcpkit needs Node.js 20 or newer; this is ${process.version}.`);
  process.exit(1);
}

function run(command, args, label) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PATH: `${bin}${process.platform === 'win32' ? ';' : ':'}${process.env.PATH}` },
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    console.error(`\n${label} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}

const marker = join(root, 'node_modules', '.modules.yaml');
const lockfile = join(root, 'pnpm-lock.yaml');
if (!existsSync(marker) || statSync(lockfile).mtimeMs > statSync(marker).mtimeMs) {
  console.error('Installing dependencies with pnpm (first run compiles SQLite, about two minutes)…');
  run('npx', ['--yes', PNPM, 'install', '--frozen-lockfile'], 'pnpm install');
}
if (process.argv.includes('--build')) {
  run(join(bin, 'turbo'), ['run', 'build', '--output-logs=errors-only'], 'build');
}
