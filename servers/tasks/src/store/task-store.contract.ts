import { describe } from 'vitest';
import { describeAggregatesActivityContract } from './contract/aggregates-activity.contract.js';
import { describeCompleteDeleteContract } from './contract/complete-delete.contract.js';
import type { MakeStore } from './contract/contract-harness.contract.js';
import { describeCreateReadContract } from './contract/create-read.contract.js';
import { describeDependenciesCommentsContract } from './contract/dependencies-comments.contract.js';
import { describeListContract } from './contract/list.contract.js';
import { describeSearchContract } from './contract/search.contract.js';
import { describeUpdateContract } from './contract/update.contract.js';

export type { ContractStoreOptions, MakeStore } from './contract/contract-harness.contract.js';

/**
 * The behaviour every `TaskStore` must have, as a vitest suite. An implementation's test
 * file calls it with a factory that opens a fresh, empty store on the given clock and
 * returns it with its cleanup:
 *
 *     describeTaskStoreContract('sqlite', async ({ now }) => {
 *       const store = await openSqliteTaskStore({ path, now });
 *       return { store, cleanup: async () => { await store.close(); … } };
 *     });
 *
 * The parts live in `contract/*.contract.ts`, outside vitest's `*.test.ts` glob, so they
 * run only through an implementation.
 */
export function describeTaskStoreContract(name: string, makeStore: MakeStore): void {
  describe(`TaskStore contract: ${name}`, () => {
    describeCreateReadContract(makeStore);
    describeUpdateContract(makeStore);
    describeCompleteDeleteContract(makeStore);
    describeDependenciesCommentsContract(makeStore);
    describeListContract(makeStore);
    describeSearchContract(makeStore);
    describeAggregatesActivityContract(makeStore);
  });
}
