import type { McpKitErrorCode } from '@mcpkit/core';
import { afterEach, beforeEach, expect } from 'vitest';
import type { TaskStore } from '../task-store.js';

/**
 * Shared plumbing of the TaskStore contract suite: a fresh store per test on a clock the
 * test controls, and an assertion for the store's typed errors.
 */

export interface ContractStoreOptions {
  /** The store's clock. Every implementation must take one, so ordering and "overdue" are testable. */
  now: () => Date;
}

export type MakeStore = (options: ContractStoreOptions) => Promise<{ store: TaskStore; cleanup: () => Promise<void> }>;

export const ACTOR = { actor: 'alice' };

/** Starts at `start` and moves one second forward on every reading, so no two writes tie. */
export class TestClock {
  #ms: number;
  constructor(start = '2026-03-02T09:00:00.000Z') {
    this.#ms = Date.parse(start);
  }
  readonly now = (): Date => {
    const at = new Date(this.#ms);
    this.#ms += 1000;
    return at;
  };
  set(iso: string): void {
    this.#ms = Date.parse(iso);
  }
}

export interface StoreFixture {
  readonly store: TaskStore;
  readonly clock: TestClock;
}

/** Registers beforeEach/afterEach hooks that give every test its own empty store. */
export function useStore(makeStore: MakeStore): StoreFixture {
  let current: { store: TaskStore; cleanup: () => Promise<void> } | undefined;
  let clock = new TestClock();
  beforeEach(async () => {
    clock = new TestClock();
    current = await makeStore({ now: clock.now });
  });
  afterEach(async () => {
    await current?.cleanup();
    current = undefined;
  });
  return {
    get store() {
      if (!current) throw new Error('the store is only available inside a test');
      return current.store;
    },
    get clock() {
      return clock;
    },
  };
}

/** Awaits `promise`, expecting it to reject with an McpKitError of `code` whose message contains every `fragment`. */
export async function expectError(
  promise: Promise<unknown>,
  code: McpKitErrorCode,
  ...fragments: (string | RegExp)[]
): Promise<Error & { code: string; details?: Record<string, unknown> }> {
  const error = await promise.then(
    () => {
      throw new Error(`expected a ${code} error, but the call succeeded`);
    },
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ name: 'McpKitError', code });
  const message = (error as Error).message;
  for (const fragment of fragments) {
    if (typeof fragment === 'string') expect(message).toContain(fragment);
    else expect(message).toMatch(fragment);
  }
  return error as Error & { code: string; details?: Record<string, unknown> };
}
