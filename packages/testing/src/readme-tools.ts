import { readFileSync } from 'node:fs';

/** A row of a README's tools table: the cells as written, trimmed. */
export interface ReadmeToolRow {
  name: string;
  toolset: string;
  does: string;
  annotations: string;
}

interface ListedTool {
  name: string;
  toolset: string;
  description: string;
  annotations: { readOnlyHint: boolean; destructiveHint: boolean };
}

/** The rows of the table under a README's `## Tools` heading (`| \`name\` | toolset | what it does | annotations |`). */
export function readmeToolRows(readmePath: string | URL): ReadmeToolRow[] {
  const text = readFileSync(readmePath, 'utf8');
  const start = text.indexOf('\n## Tools');
  if (start === -1) throw new Error(`${String(readmePath)} has no "## Tools" section`);
  const end = text.indexOf('\n## ', start + 1);
  return text
    .slice(start, end === -1 ? undefined : end)
    .split('\n')
    .filter((line) => /^\|\s*`/.test(line))
    .map((line) => {
      // Split on the pipes between cells, not on escaped ones (`\|`) inside a cell.
      const cells = line
        .slice(1, line.lastIndexOf('|'))
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim());
      return { name: (cells[0] ?? '').replace(/^`|`$/g, ''), toolset: cells[1] ?? '', does: cells[2] ?? '', annotations: cells[3] ?? '' };
    });
}

/**
 * Where a README's tools table disagrees with the server's own list: a tool missing, extra or
 * listed twice (the order is the README's to choose), a wrong toolset, or annotations that say read-only or destructive where the
 * tool is not (the "what it does" cell is the README's own prose). Empty when they agree.
 */
export function readmeToolProblems(readmePath: string | URL, tools: readonly ListedTool[]): string[] {
  const rows = readmeToolRows(readmePath);
  const problems: string[] = [];
  const listed = new Set(rows.map((row) => row.name));
  const served = new Set(tools.map((tool) => tool.name));
  const missing = [...served].filter((name) => !listed.has(name));
  const extra = [...listed].filter((name) => !served.has(name));
  if (missing.length > 0) problems.push(`not in the README: ${missing.join(', ')}`);
  if (extra.length > 0) problems.push(`in the README but not served: ${extra.join(', ')}`);
  if (listed.size !== rows.length) problems.push('a tool is listed twice');
  for (const tool of tools) {
    const row = rows.find((candidate) => candidate.name === tool.name);
    if (!row) continue;
    if (row.toolset !== tool.toolset)
      problems.push(`${tool.name}: toolset "${row.toolset}" in the README, "${tool.toolset}" in the server`);
    const saysReadOnly = /^read-only/.test(row.annotations);
    if (saysReadOnly !== tool.annotations.readOnlyHint) {
      problems.push(
        `${tool.name}: the README says "${row.annotations}", but the tool is ${tool.annotations.readOnlyHint ? 'read-only' : 'a write'}`,
      );
    }
    const saysDestructive = /(^|[^-\w])\**destructive/.test(row.annotations) && !/not destructive/.test(row.annotations);
    if (!tool.annotations.readOnlyHint && saysDestructive !== tool.annotations.destructiveHint) {
      problems.push(
        `${tool.name}: the README says "${row.annotations}", but the tool is ${tool.annotations.destructiveHint ? '' : 'not '}destructive`,
      );
    }
  }
  return problems;
}
