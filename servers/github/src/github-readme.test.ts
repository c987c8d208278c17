import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { githubServer } from './create-server.js';

// The README's tools table is the server's own list: a tool added, renamed or re-described
// without the README following fails here, with the rows to paste.

const README = new URL('../README.md', import.meta.url);

function annotationsCell(annotations: { readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean }): string {
  if (annotations.readOnlyHint) return 'read-only';
  return `${annotations.destructiveHint ? '**destructive**' : 'write, not destructive'}${annotations.idempotentHint ? ', idempotent' : ''}`;
}

describe('the GitHub README', () => {
  it('lists every tool, in order, with its toolset, description and annotations', () => {
    const expected = githubServer.tools.map(
      (tool) =>
        `| \`${tool.name}\` | ${tool.toolset} | ${tool.description.replaceAll('|', '\\|')} | ${annotationsCell(tool.annotations)} |`,
    );
    const text = readFileSync(README, 'utf8');
    const section = text.slice(text.indexOf('## Tools'), text.indexOf('\n## ', text.indexOf('## Tools') + 1));
    const listed = section.split('\n').filter((line) => line.startsWith('| `'));
    expect(listed.join('\n'), 'the README table; paste the expected rows').toBe(expected.join('\n'));
    expect(text).toContain(`${githubServer.tools.length} tools in ${Object.keys(githubServer.toolsets).length} toolsets`);
  });
});
