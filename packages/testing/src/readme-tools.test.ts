import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readmeToolProblems, readmeToolRows } from './readme-tools.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function readme(table: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'mcpkit-readme-'));
  dirs.push(dir);
  const path = join(dir, 'README.md');
  writeFileSync(
    path,
    `# x\n\n## Tools\n\n| Tool | Toolset | What it does | Annotations |\n| --- | --- | --- | --- |\n${table}\n\n## Configuration\n\n| \`--flag\` | x | y | z |\n`,
  );
  return path;
}

const tools = [
  { name: 'read_a', toolset: 'a', description: 'Read', annotations: { readOnlyHint: true, destructiveHint: false } },
  { name: 'write_a', toolset: 'a', description: 'Write', annotations: { readOnlyHint: false, destructiveHint: false } },
  { name: 'drop_b', toolset: 'b', description: 'Drop', annotations: { readOnlyHint: false, destructiveHint: true } },
];

describe('readmeToolProblems', () => {
  it('finds nothing when the table matches, whatever its order and padding', () => {
    const path = readme(
      [
        '| `drop_b`  | b | Drops it \\| for good | **destructive** |',
        '| `read_a`  | a | Reads | read-only, open-world |',
        '| `write_a` | a | Writes | write, not destructive, idempotent |',
      ].join('\n'),
    );
    expect(readmeToolProblems(path, tools)).toEqual([]);
    expect(readmeToolRows(path).map((row) => row.does)).toEqual(['Drops it \\| for good', 'Reads', 'Writes']);
  });

  it('names missing, extra and twice-listed tools, wrong toolsets and dishonest annotations', () => {
    const path = readme(
      [
        '| `read_a` | b | Reads | read-only |',
        '| `read_a` | a | Reads | read-only |',
        '| `write_a` | a | Writes | read-only |',
        '| `drop_c` | b | Gone | **destructive** |',
      ].join('\n'),
    );
    expect(readmeToolProblems(path, tools)).toEqual([
      'not in the README: drop_b',
      'in the README but not served: drop_c',
      'a tool is listed twice',
      'read_a: toolset "b" in the README, "a" in the server',
      'write_a: the README says "read-only", but the tool is a write',
    ]);
    const quiet = readme(
      ['| `read_a` | a | R | read-only |', '| `write_a` | a | W | **destructive** |', '| `drop_b` | b | D | write |'].join('\n'),
    );
    expect(readmeToolProblems(quiet, tools)).toEqual([
      'write_a: the README says "**destructive**", but the tool is not destructive',
      'drop_b: the README says "write", but the tool is destructive',
    ]);
  });
});
