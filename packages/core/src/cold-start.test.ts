import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * A desktop client spawns a stdio server for every session, so what `@mcpkit/core` loads
 * before the first request is paid on every spawn. These packages serve only HTTP hosting,
 * OAuth, Redis, metrics, upstream calls or the first rate-limited call, and must load on
 * demand. Checked on the built entry (what a server's bin imports), in a fresh process,
 * with a loader hook recording every module Node loads.
 */
const LAZY_PACKAGES = ['hono', '@hono/node-server', 'rate-limiter-flexible', 'ioredis', 'jose', 'prom-client', 'undici'];

const coreDist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'mcpkit-cold-start-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The `file:` URLs of every module loaded by running `code` (an ES module) after importing core's entry. */
function modulesLoadedBy(code: string): string[] {
  const log = join(work, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  const hooks = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(${JSON.stringify(log)}, url + '\\n');
  return next(url, context);
}`;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
  execFileSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, '--input-type=module', '-e', code], {
    cwd: work,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
}

const packageOf = (url: string) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url.slice(url.lastIndexOf('/node_modules/')))?.[1];

describe.skipIf(!existsSync(coreDist))('@mcpkit/core cold start (built entry)', () => {
  it('loads none of the packages that only HTTP, OAuth, Redis, metrics, upstream calls or a tool call need', () => {
    const loaded = modulesLoadedBy(`await import(${JSON.stringify(coreDist)});`);
    const packages = new Set(loaded.map(packageOf).filter((name) => name !== undefined));
    expect(packages).toContain('zod'); // the hook did see the entry's dependencies
    expect(LAZY_PACKAGES.filter((name) => packages.has(name))).toEqual([]);
  });

  it('loads rate-limiter-flexible on the first consume and Hono when an HTTP host starts', () => {
    const loaded = modulesLoadedBy(`const core = await import(${JSON.stringify(coreDist)});
const limiter = core.createRateLimiter({ perPrincipal: core.parseRateLimitRule('10/60s') });
await limiter.consume('p', 'tool', 1);
const factory = () => { throw new Error('no request is sent'); };
const host = await core.startHttpHost({ factory, logger: core.silentLogger, metrics: { observeHttp() {} }, port: 0 });
await host.close();`);
    const packages = new Set(loaded.map(packageOf));
    expect(packages).toContain('rate-limiter-flexible');
    expect(packages).toContain('hono');
  });
});
