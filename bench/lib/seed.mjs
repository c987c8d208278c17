/**
 * A deterministic backlog for the list benchmarks: varied projects, assignees (some
 * unassigned), statuses, priorities, labels, due dates and wording, from a seeded PRNG so
 * every run measures the same data. Written through the store's own `createTasks` in
 * batches (one transaction each) — not through MCP calls, which would take minutes.
 */

export const PROJECTS = [
  'apollo',
  'billing',
  'checkout',
  'data-platform',
  'design-system',
  'docs',
  'growth',
  'infra',
  'mobile',
  'search',
  'security',
  'support',
];
export const ASSIGNEES = [
  'alice',
  'bob',
  'carol',
  'dave',
  'erin',
  'frank',
  'grace',
  'heidi',
  'ivan',
  'judy',
  'mallory',
  'niaj',
  'olivia',
  'peggy',
  'rupert',
  'sybil',
  'trent',
  'victor',
  'walter',
  'yara',
];
export const LABELS = [
  'bug',
  'feature',
  'tech-debt',
  'frontend',
  'backend',
  'api',
  'ux',
  'performance',
  'security',
  'customer',
  'regression',
  'docs',
  'infra',
  'flaky-test',
  'good-first-issue',
];
const STATUSES = [
  ['todo', 30],
  ['in_progress', 15],
  ['blocked', 5],
  ['in_review', 10],
  ['done', 35],
  ['cancelled', 5],
];
const PRIORITIES = [
  ['low', 25],
  ['medium', 45],
  ['high', 22],
  ['urgent', 8],
];
const VERBS = ['Fix', 'Add', 'Remove', 'Refactor', 'Investigate', 'Document', 'Migrate', 'Speed up', 'Test', 'Review', 'Design', 'Update'];
const NOUNS = [
  'login',
  'invoice',
  'database',
  'cache',
  'search',
  'email',
  'report',
  'deploy',
  'webhook',
  'dashboard',
  'payment',
  'export',
  'import',
  'session',
  'token',
  'upload',
  'notification',
  'profile',
  'settings',
  'onboarding',
  'crash',
  'timeout',
  'migration',
  'index',
  'query',
  'queue',
  'worker',
  'scheduler',
  'backup',
  'audit',
];
const FILLER = [
  'when',
  'the',
  'user',
  'opens',
  'after',
  'retry',
  'fails',
  'slow',
  'page',
  'on',
  'mobile',
  'for',
  'large',
  'accounts',
  'with',
  'stale',
  'data',
  'in',
  'production',
  'staging',
  'logs',
  'show',
  'errors',
  'during',
  'peak',
  'hours',
];

/** mulberry32: tiny, fast, good enough to spread test data. */
export function createRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createPicker(random) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const weighted = (pairs) => {
    const total = pairs.reduce((n, [, w]) => n + w, 0);
    let roll = random() * total;
    for (const [value, weight] of pairs) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return pairs[pairs.length - 1][0];
  };
  const words = (count) => Array.from({ length: count }, () => (random() < 0.3 ? pick(NOUNS) : pick(FILLER))).join(' ');
  return { pick, weighted, words };
}

/** Day `offset` days after 2025-01-01, as YYYY-MM-DD. */
function day(offset) {
  return new Date(Date.UTC(2025, 0, 1 + offset)).toISOString().slice(0, 10);
}

function newTask(i, random, { pick, weighted, words }) {
  const labelCount = Math.floor(random() * 4); // 0–3 labels
  const labels = [...new Set(Array.from({ length: labelCount }, () => pick(LABELS)))];
  return {
    title: `${pick(VERBS)} ${pick(NOUNS)} ${words(1 + Math.floor(random() * 4))} #${i}`,
    description: `${words(8 + Math.floor(random() * 12))}.`,
    status: weighted(STATUSES),
    priority: weighted(PRIORITIES),
    assignee: random() < 0.15 ? null : pick(ASSIGNEES),
    project: pick(PROJECTS),
    labels,
    dueDate: random() < 0.3 ? null : day(Math.floor(random() * 730)),
  };
}

/**
 * Adds `count` tasks to `store` in transactions of `batchSize`. Returns the elapsed ms of
 * the whole seeding (generation included).
 */
export async function seedTasks(store, { count, batchSize = 5000, seed = 42, actor = 'bench-seed' }) {
  const random = createRandom(seed);
  const picker = createPicker(random);
  const start = process.hrtime.bigint();
  for (let first = 0; first < count; first += batchSize) {
    const size = Math.min(batchSize, count - first);
    const batch = Array.from({ length: size }, (_, j) => newTask(first + j, random, picker));
    await store.createTasks(batch, { actor });
  }
  return Number(process.hrtime.bigint() - start) / 1e6;
}
