import { describe, expect, it } from 'vitest';
import { findPath } from './graph.js';

describe('findPath', () => {
  const edges: Record<number, number[]> = { 1: [2, 3], 2: [4], 3: [4], 4: [5], 5: [1], 6: [] };
  const next = (n: number) => edges[n] ?? [];

  it('returns the shortest path with both ends', () => {
    expect(findPath(1, 5, next)).toEqual([1, 2, 4, 5]);
    expect(findPath(2, 3, next)).toEqual([2, 4, 5, 1, 3]);
  });

  it('returns a one-node path from a node to itself', () => {
    expect(findPath(6, 6, next)).toEqual([6]);
  });

  it('returns null when unreachable, terminating on cycles', () => {
    expect(findPath(1, 6, next)).toBeNull();
    let calls = 0;
    expect(
      findPath(1, 99, (n) => {
        calls++;
        return next(n);
      }),
    ).toBeNull();
    expect(calls).toBe(5);
  });
});
