#!/usr/bin/env node
// Type-checks and lints the workspace, runs every package's tests through turbo, and ends
// with one summary line ("Tests: N passed, N failed, N skipped") plus the suites that
// were skipped and why.
// Suites that need PostgreSQL or Redis skip themselves when those do not answer, so a
// machine without them still runs everything else; this says so up front.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'node_modules', '.bin');
const packages = [
  'packages/core',
  'packages/testing',
  'servers/tasks',
  'servers/filesystem',
  'servers/weather',
  'servers/github',
  'packages/packaging',
];
const REPORT = '.test-report.json';

const services = [
  { name: 'Redis', url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', port: 6379, env: 'REDIS_URL' },
  { name: 'PostgreSQL', url: process.env.DATABASE_URL ?? 'postgres://127.0.0.1:5432/test', port: 5432, env: 'DATABASE_URL' },
];
const down = [];
for (const service of services) {
  const reason = await probe(service.url, service.port);
  if (reason) down.push(`${service.name} (${service.url}): ${reason}`);
}
for (const line of down)
  console.log(`[skipped] suites that need ${line} — set ${line.startsWith('Redis') ? 'REDIS_URL' : 'DATABASE_URL'} to run them.`);

// Static checks first: a type error or a lint finding fails the run like a failing test.
const checks = [
  ['typecheck', join(bin, 'turbo'), ['run', 'typecheck', '--output-logs=errors-only']],
  ['lint', join(bin, 'biome'), ['check', '.']],
];
const failedChecks = [];
for (const [name, command, args] of checks) {
  const check = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
  if (check.status !== 0) failedChecks.push(name);
}

for (const pkg of packages) rmSync(join(root, pkg, REPORT), { force: true });
const result = spawnSync(join(bin, 'turbo'), ['run', 'test', '--concurrency=1', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, MCPKIT_TEST_REPORT: REPORT, PATH: `${bin}:${process.env.PATH}` },
});

let passed = 0;
let failed = 0;
let skipped = 0;
const skippedTests = [];
for (const pkg of packages) {
  const file = join(root, pkg, REPORT);
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  for (const suite of report.testResults) {
    for (const test of suite.assertionResults) {
      if (test.status === 'pending' || test.status === 'skipped') skippedTests.push(`${pkg}: ${test.fullName}`);
    }
  }
}
if (skippedTests.length > 0) {
  console.log(`\nSkipped tests (${skippedTests.length}):`);
  for (const name of skippedTests.slice(0, 50)) console.log(`  - ${name}`);
  if (down.length > 0) console.log(`Reason: ${down.join('; ')}`);
}
if (failedChecks.length > 0) console.log(`\nFailed checks: ${failedChecks.join(', ')} (see above).`);
console.log(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(result.status === 0 && failed === 0 && failedChecks.length === 0 ? 0 : 1);

function probe(url, defaultPort) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname || '127.0.0.1', port: Number(port || defaultPort) });
    const done = (reason) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(1000, () => done('no answer within 1 s'));
    socket.once('connect', () => done(undefined));
    socket.once('error', (error) => done(error.message));
  });
}
