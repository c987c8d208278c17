import { describe, expect, it } from 'vitest';
import { ACTOR, expectError, type MakeStore, useStore } from './contract-harness.contract.js';
import { allPages, ids, seedBacklog } from './list-fixture.contract.js';

export function describeSearchContract(makeStore: MakeStore): void {
  describe('listTasks text query', () => {
    const f = useStore(makeStore);

    it.each([
      ['a word in titles and descriptions', 'crash', ['T-7', 'T-5', 'T-1']],
      ['every word (AND)', 'crash safari', ['T-1']],
      ['words in any case', 'CRASH Mobile', ['T-5']],
      ['a prefix with a trailing *', 'deplo*', ['T-3']],
      ['the description only', 'runners', ['T-3']],
      ['without diacritics', 'cafe', ['T-2']],
      ['with diacritics', 'café', ['T-2']],
      ['nothing', 'kubernetes', []],
    ])('finds %s', async (_name, query, expected) => {
      await seedBacklog(f.store);
      const page = await f.store.listTasks({ query });
      expect(page.items.map((t) => t.id)).toEqual(expected);
      expect(page.total).toBe(expected.length);
    });

    it.each([
      ['"crash', ['T-7', 'T-5', 'T-1']],
      ['crash"', ['T-7', 'T-5', 'T-1']],
      ['-crash', ['T-7', 'T-5', 'T-1']],
      ['(crash', ['T-7', 'T-5', 'T-1']],
      ['crash)', ['T-7', 'T-5', 'T-1']],
      ['crash OR', []],
      ['AND', ['T-4']],
      ['NOT', ['T-4']],
      ['crash AND NOT mobile', []],
      ['NEAR(crash login)', []], // "NEAR(crash" is the phrase "near crash"
      ['title:crash', []],
      ['^crash', ['T-7', 'T-5', 'T-1']],
      ['crash *', ['T-7', 'T-5', 'T-1']],
      ['login " ( - *', ['T-1']],
      ["crash'; DROP TABLE tasks; --", []],
    ])('treats FTS syntax in %j as plain words', async (query, expected) => {
      await seedBacklog(f.store);
      expect(await ids(f.store, { query })).toEqual(expected);
      expect((await f.store.listTasks()).total).toBe(7);
    });

    it.each(['"', '*', '(', '-', '" * ( - )'])('refuses the word-less query %j with a next step', async (query) => {
      await seedBacklog(f.store);
      await expectError(f.store.listTasks({ query }), 'invalid_input', 'no words to look for', 'leave the query out');
    });

    it('ignores an empty or blank query', async () => {
      await seedBacklog(f.store);
      expect((await f.store.listTasks({ query: '   ' })).total).toBe(7);
    });

    it('combines the query with filters, sorting and pages', async () => {
      await seedBacklog(f.store);
      expect(await ids(f.store, { query: 'crash', project: 'web', parentId: null, sort: 'priority' })).toEqual(['T-1', 'T-5']);
      const { seen, totals } = await allPages(f.store, { query: 'crash', limit: 1 });
      expect(seen).toEqual(['T-7', 'T-5', 'T-1']);
      expect(totals).toEqual([3, 3, 3]);
    });

    it('follows edits and deletions', async () => {
      await seedBacklog(f.store);
      await f.store.updateTask('T-3', { title: 'Release pipeline', description: 'Tag and publish.' }, ACTOR);
      expect(await ids(f.store, { query: 'deploy' })).toEqual([]);
      expect(await ids(f.store, { query: 'runners' })).toEqual([]);
      expect(await ids(f.store, { query: 'publish' })).toEqual(['T-3']);
      await f.store.deleteTask('T-7', ACTOR);
      expect(await ids(f.store, { query: 'crash' })).toEqual(['T-5', 'T-1']);
      await f.store.updateTask('T-2', { priority: 'low' }, ACTOR);
      expect(await ids(f.store, { query: 'dashboard' })).toEqual(['T-2']);
    });
  });
}
