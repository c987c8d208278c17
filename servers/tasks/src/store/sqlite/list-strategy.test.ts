import { describe, expect, it } from 'vitest';
import { scanForCount, walkIndex } from './list-strategy.js';

describe('walkIndex', () => {
  const shape = { sort: 'updated' as const, limit: 20, tasks: 100_000 };

  it('walks the updated index when the matches are dense enough to fill a page soon', () => {
    // 9,572 of 100,000 tasks carry the label: a page is ~220 entries into the walk.
    expect(walkIndex({ ...shape, members: 9572, total: 9572 })).toBe('tasks_by_updated');
    // 978 of 3,053 text matches are todo: 978 · 3,053 ≥ 21 · 100,000.
    expect(walkIndex({ ...shape, members: 3053, total: 978 })).toBe('tasks_by_updated');
  });

  it('gathers a small set, where reading every member is cheaper than a long walk', () => {
    expect(walkIndex({ ...shape, members: 50, total: 50 })).toBeNull();
    expect(walkIndex({ ...shape, members: 3053, total: 600 })).toBeNull();
    expect(walkIndex({ ...shape, members: 0, total: 0 })).toBeNull();
  });

  it('sits exactly on the rule total · members ≥ (limit + 1) · tasks', () => {
    expect(walkIndex({ sort: 'updated', limit: 9, tasks: 1000, members: 100, total: 100 })).toBe('tasks_by_updated');
    expect(walkIndex({ sort: 'updated', limit: 9, tasks: 1000, members: 99, total: 100 })).toBeNull();
  });

  it('never walks a sort without an index in its order', () => {
    for (const sort of ['created', 'priority', 'due'] as const) {
      expect(walkIndex({ ...shape, sort, members: 50_000, total: 50_000 })).toBeNull();
    }
  });
});

describe('scanForCount', () => {
  it('scans once the set holds a twelfth of the tasks, and reads members below that', () => {
    expect(scanForCount({ members: 9572, tasks: 100_000 })).toBe(true);
    expect(scanForCount({ members: 8334, tasks: 100_000 })).toBe(true);
    expect(scanForCount({ members: 8333, tasks: 100_000 })).toBe(false);
    expect(scanForCount({ members: 3053, tasks: 100_000 })).toBe(false);
  });
});
