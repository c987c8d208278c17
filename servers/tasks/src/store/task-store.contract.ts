import { describe } from 'vitest';
import type { MakeStore } from './contract/contract-harness.contract.js';
import { describeCreateReadContract } from './contract/create-read.contract.js';

export type { ContractStoreOptions, MakeStore } from './contract/contract-harness.contract.js';

/**
 * The behaviour every `TaskStore` must have, as a vitest suite. An implementation's test
 * file calls this with a factory that opens a fresh, empty store on the given clock:
 *
 *     describeTaskStoreContract('sqlite', async ({ now }) => { … return { store, cleanup }; });
 *
 * The parts live in `contract/*.contract.ts` (kept out of vitest's `*.test.ts` glob so
 * they run only through an implementation).
 */
export function describeTaskStoreContract(name: string, makeStore: MakeStore): void {
  describe(`TaskStore contract: ${name}`, () => {
    describeCreateReadContract(makeStore);
  });
}
