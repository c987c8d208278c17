import { readmeToolProblems } from '@mcpkit/testing';
import { expect, it } from 'vitest';
import { tasksServer } from './create-server.js';

it('the README lists every tool the server serves, in order, with its toolset and honest annotations', () => {
  expect(readmeToolProblems(new URL('../README.md', import.meta.url), tasksServer.tools)).toEqual([]);
});
