import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { probeRedis, redisUrl } from '@mcpkit/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { bucketKeys, createRateLimiter } from './rate-limiter.js';
import { createRedisClient } from './redis-client.js';

// Runs against the real Redis at REDIS_URL (default redis://127.0.0.1:6379); skipped, with
// one line saying why, when nothing answers there.
const REDIS_URL = redisUrl();
const { up: redisUp } = await probeRedis('rate limiter on Redis');

// Every run gets its own keys, removed afterwards, so runs and machines never collide.
const runPrefix = `mcpkit:rl:test:${process.pid}:${randomUUID().slice(0, 8)}`;
let prefixCount = 0;
const uniquePrefix = () => {
  prefixCount += 1;
  return `${runPrefix}:${prefixCount}`;
};

async function ready(client: Redis): Promise<Redis> {
  if (client.status !== 'ready') await once(client, 'ready');
  return client;
}

describe.skipIf(!redisUp)('createRateLimiter (Redis store)', () => {
  const clients: Redis[] = [];
  const children: ChildProcessWithoutNullStreams[] = [];
  const connectClient = async () => {
    const client = createRedisClient(REDIS_URL);
    clients.push(client);
    return ready(client);
  };

  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill();
  });

  afterAll(async () => {
    const admin = new Redis(REDIS_URL);
    const keys = await admin.keys(`${runPrefix}:*`);
    if (keys.length > 0) await admin.del(...keys);
    await admin.quit();
    await Promise.all(clients.map((client) => client.quit()));
  });

  it('shares one limit between two limiters on two separate connections', async () => {
    const keyPrefix = uniquePrefix();
    const [first, second] = [await connectClient(), await connectClient()];
    const options = {
      perPrincipal: { points: 5, durationSec: 60 },
      perTool: { points: 3, durationSec: 60 },
      keyPrefix,
    };
    const a = createRateLimiter({ ...options, store: { kind: 'redis', redis: first } });
    const b = createRateLimiter({ ...options, store: { kind: 'redis', redis: second } });

    for (let i = 0; i < 3; i += 1) expect((await a.consume('alice', 'search', 1)).allowed).toBe(true);
    const refusedByTool = await b.consume('alice', 'search', 1);
    expect(refusedByTool.allowed).toBe(false);
    expect(refusedByTool.retryAfterMs).toBeGreaterThan(50_000);
    expect(refusedByTool.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(await b.consume('alice', 'list', 2)).toEqual({ allowed: true, retryAfterMs: 0, remaining: 0 });
    const refusedByPrincipal = await a.consume('alice', 'get', 1);
    expect(refusedByPrincipal.allowed).toBe(false);
    expect(refusedByPrincipal.retryAfterMs).toBeGreaterThan(0);
    expect((await b.consume('bob', 'search', 1)).allowed).toBe(true);

    // Refused calls were refunded: the counters hold exactly what was admitted.
    const keys = bucketKeys(keyPrefix, 'alice', 'search');
    expect(await first.get(keys.principal)).toBe('5');
    expect(await first.get(keys.tool)).toBe('3');
    expect(await first.get(bucketKeys(keyPrefix, 'alice', 'get').tool)).toBe('0');
    expect(await first.pttl(keys.principal)).toBeGreaterThan(50_000);
  });

  it('admits exactly the limit of many concurrent calls from one process', async () => {
    const keyPrefix = uniquePrefix();
    const options = { perPrincipal: { points: 30, durationSec: 60 }, keyPrefix };
    const a = createRateLimiter({ ...options, store: { kind: 'redis', redis: await connectClient() } });
    const b = createRateLimiter({ ...options, store: { kind: 'redis', redis: await connectClient() } });
    const decisions = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? a : b).consume('alice', `tool-${i % 7}`, 1)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(30);
  });

  it('admits exactly the limit, never more, of 1,000 calls fired together by two OS processes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mcpkit-rl-'));
    try {
      await buildChildModules(dir);
      const keyPrefix = uniquePrefix();
      const spec = {
        url: REDIS_URL,
        keyPrefix,
        perPrincipal: { points: 1_000, durationSec: 60 },
        perTool: { points: 100, durationSec: 60 },
        principal: 'alice',
        tool: 'search',
      };
      const runs = [spawnChild(dir, { ...spec, calls: 500 }), spawnChild(dir, { ...spec, calls: 500 })];
      children.push(...runs.map((run) => run.child));
      await Promise.all(runs.map((run) => run.ready));
      for (const run of runs) run.child.stdin.write('go\n'); // both fire at once
      const results = await Promise.all(runs.map((run) => run.result));

      expect(new Set([process.pid, ...runs.map((run) => run.child.pid)]).size).toBe(3);
      expect(results.flatMap((r) => r.errors)).toEqual([]);
      expect(results.reduce((sum, r) => sum + r.admitted, 0)).toBe(100);
      expect(results.reduce((sum, r) => sum + r.refused, 0)).toBe(900);
      // Same buckets, by this process's key scheme: the 900 refusals were all refunded.
      const keys = bucketKeys(keyPrefix, 'alice', 'search');
      const admin = await connectClient();
      expect(await admin.get(keys.tool)).toBe('100');
      expect(await admin.get(keys.principal)).toBe('100');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Child processes run the real limiter: its TypeScript (and what it imports from core)
 * is transpiled into `dir`, whose node_modules links to this package's, so the child
 * resolves the same rate-limiter-flexible and ioredis. Node 20 cannot run .ts itself.
 */
async function buildChildModules(dir: string): Promise<void> {
  const { default: ts } = await import('typescript');
  const srcRoot = fileURLToPath(new URL('..', import.meta.url));
  const queue = ['rate-limit/rate-limiter.ts', 'rate-limit/redis-client.ts'];
  const seen = new Set<string>();
  for (let rel = queue.pop(); rel !== undefined; rel = queue.pop()) {
    if (seen.has(rel)) continue;
    seen.add(rel);
    const source = await readFile(join(srcRoot, rel), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      fileName: rel,
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
      },
    });
    const out = join(dir, 'src', rel.replace(/\.ts$/, '.js'));
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, outputText);
    for (const match of source.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) {
      queue.push(posix.normalize(posix.join(posix.dirname(rel), `${match[1]}.ts`)));
    }
  }
  await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n');
  await symlink(fileURLToPath(new URL('../../node_modules', import.meta.url)), join(dir, 'node_modules'), 'dir');
  await writeFile(join(dir, 'child.js'), CHILD_SCRIPT);
}

const CHILD_SCRIPT = `
import { createRateLimiter } from './src/rate-limit/rate-limiter.js';
import { createRedisClient } from './src/rate-limit/redis-client.js';

const spec = JSON.parse(process.argv[2]);
const redis = createRedisClient(spec.url);
await new Promise((resolve, reject) => {
  redis.once('ready', resolve);
  redis.once('error', reject);
});
const limiter = createRateLimiter({
  perPrincipal: spec.perPrincipal,
  perTool: spec.perTool,
  keyPrefix: spec.keyPrefix,
  store: { kind: 'redis', redis },
  storeTimeoutMs: 10000, // this test is about counting; a busy 2-core machine may be slow
});
process.stdout.write('ready\\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
const settled = await Promise.allSettled(
  Array.from({ length: spec.calls }, () => limiter.consume(spec.principal, spec.tool, 1)),
);
const result = { admitted: 0, refused: 0, errors: [] };
for (const outcome of settled) {
  if (outcome.status === 'rejected') result.errors.push(String(outcome.reason?.message ?? outcome.reason));
  else if (outcome.value.allowed) result.admitted += 1;
  else result.refused += 1;
}
process.stdout.write(JSON.stringify(result) + '\\n');
await limiter.close();
await redis.quit();
process.stdin.destroy();
`;

interface ChildResult {
  admitted: number;
  refused: number;
  errors: string[];
}

function spawnChild(dir: string, spec: Record<string, unknown>) {
  const child = spawn(process.execPath, [join(dir, 'child.js'), JSON.stringify(spec)], { cwd: dir });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const lines = createInterface({ input: child.stdout });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`child ${child.pid} exited (${String(code)}) early: ${stderr}`);
  });
  exited.catch(() => {});
  // The async iterator buffers lines, so none is lost between two reads.
  const lineIterator = lines[Symbol.asyncIterator]();
  const nextLine = () =>
    Promise.race([
      lineIterator.next().then((line) => {
        if (line.done) throw new Error(`child ${child.pid} closed its output early: ${stderr}`);
        return String(line.value);
      }),
      exited,
    ]);
  const readyLine = nextLine();
  const result = readyLine.then(async (line) => {
    expect(line).toBe('ready');
    return JSON.parse(await nextLine()) as ChildResult;
  });
  return { child, ready: readyLine, result };
}
