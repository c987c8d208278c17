import { readFileSync } from 'node:fs';
import { readmeToolProblems, readmeToolRows } from '@mcpkit/testing';
import { describe, expect, it } from 'vitest';
import { githubServer } from './create-server.js';

// The README's tools table is the server's own list, in its order and with the tools' own
// descriptions: a tool added, renamed or re-described without the README following fails here.

const README = new URL('../README.md', import.meta.url);

describe('the GitHub README', () => {
  it('lists every tool, in order, with its toolset, its own description and honest annotations', () => {
    expect(readmeToolProblems(README, githubServer.tools)).toEqual([]);
    const rows = readmeToolRows(README);
    expect(rows.map((row) => row.name)).toEqual(githubServer.tools.map((tool) => tool.name));
    expect(rows.map((row) => row.does)).toEqual(githubServer.tools.map((tool) => tool.description.replaceAll('|', '\\|')));
    expect(readFileSync(README, 'utf8')).toContain(
      `${githubServer.tools.length} tools in ${Object.keys(githubServer.toolsets).length} toolsets`,
    );
  });
});
