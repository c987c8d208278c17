import { invalidInput, timeoutError } from '@mcpkit/core';
import { z } from 'zod';
import { defineFilesystemTool } from '../app.js';
import { type ContentSearchResult, type FileMatch, searchContent as runSearch } from '../walk/content-search.js';
import { createLineScanner, type ScanSettings } from '../walk/line-scanner.js';
import { compileGlobs } from '../walk/patterns.js';
import { boundedMaxResults } from './search-files.js';

/** Compiles the query once here, so a bad regex is a clear input error before any walk. */
function checkQuery(settings: ScanSettings): void {
  if (/[\r\n]/.test(settings.query)) {
    throw invalidInput('query contains a line break, but matches are found within single lines. Search for one line of it.');
  }
  try {
    createLineScanner(settings);
  } catch (error) {
    throw invalidInput(
      `query is not a valid regular expression: ${(error as Error).message}. Escape special characters with \\, or set regex: false to search for the text as it is.`,
    );
  }
}

function addContext(rows: Map<number, { text: string; match: boolean }>, line: number, text: string): void {
  if (!rows.has(line)) rows.set(line, { text, match: false });
}

/**
 * Matches as ripgrep prints them: `path:line: text` for matching lines, `path-line- text`
 * for context, `--` between runs that are not adjacent, a blank line between files.
 * Overlapping context is printed once.
 */
export function renderMatches(matches: readonly FileMatch[]): string[] {
  const lines: string[] = [];
  let index = 0;
  while (index < matches.length) {
    const path = (matches[index] as FileMatch).path;
    const rows = new Map<number, { text: string; match: boolean }>();
    const contexts: FileMatch[] = [];
    for (; index < matches.length && (matches[index] as FileMatch).path === path; index++) {
      const match = matches[index] as FileMatch;
      rows.set(match.line, { text: match.text, match: true });
      contexts.push(match);
    }
    for (const match of contexts) {
      const before = match.before ?? [];
      const after = match.after ?? [];
      for (let i = 0; i < before.length; i++) addContext(rows, match.line - before.length + i, before[i] as string);
      for (let i = 0; i < after.length; i++) addContext(rows, match.line + 1 + i, after[i] as string);
    }
    if (lines.length > 0) lines.push('');
    let previous: number | undefined;
    for (const line of [...rows.keys()].sort((a, b) => a - b)) {
      const row = rows.get(line) as { text: string; match: boolean };
      if (previous !== undefined && line > previous + 1) lines.push('--');
      lines.push(row.match ? `${path}:${line}: ${row.text}` : `${path}-${line}- ${row.text}`);
      previous = line;
    }
  }
  return lines;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function summaryLine(result: ContentSearchResult): string {
  const files = new Set(result.matches.map((match) => match.path)).size;
  const parts = result.matches.length > 0 ? [`${plural(result.matches.length, 'match', 'matches')} in ${plural(files, 'file')}`] : [];
  parts.push(`${plural(result.filesSearched, 'file')} searched`);
  if (result.binarySkipped > 0) parts.push(`${result.binarySkipped} binary skipped`);
  if (result.unreadable > 0) parts.push(`${result.unreadable} unreadable skipped`);
  return `[${parts.join('; ')}]`;
}

export const searchContent = defineFilesystemTool({
  name: 'search_content',
  title: 'Search file contents',
  description:
    'grep: lines matching query (text, or a JS regex if regex) in files under path. Skips binary and, by default, .gitignored files. include/exclude: globs like *.ts.',
  toolset: 'search',
  input: z.strictObject({
    path: z.string(),
    query: z.string().min(1),
    regex: z.boolean().default(false),
    caseSensitive: z.boolean().default(false),
    include: z.array(z.string()).optional(),
    exclude: z.array(z.string()).optional(),
    contextLines: z.number().int().min(0).max(10).default(0),
    maxResults: z.number().int().min(1).max(10_000_000).default(100),
    respectGitignore: z.boolean().default(true),
  }),
  output: z.object({
    path: z.string(),
    matches: z.array(
      z.object({
        path: z.string(),
        line: z.number(),
        text: z.string(),
        before: z.array(z.string()).optional(),
        after: z.array(z.string()).optional(),
      }),
    ),
    filesSearched: z.number(),
    filesSkipped: z.number(),
    truncated: z.boolean(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(args, ctx) {
    const { path, query, regex, caseSensitive, contextLines, respectGitignore } = args;
    const settings: ScanSettings = { query, regex, caseSensitive, contextLines };
    checkQuery(settings);
    const include = compileGlobs(args.include, 'include');
    const exclude = compileGlobs(args.exclude, 'exclude');
    const { maxResults, note } = boundedMaxResults(args.maxResults, ctx.app.limits.maxEntries);
    const guard = await ctx.app.guardFor(ctx);
    const root = await guard.resolve(path);
    const result = await runSearch({
      guard,
      root,
      settings,
      ...(include && { include }),
      ...(exclude && { exclude }),
      gitignore: respectGitignore,
      maxResults,
      timeoutMs: ctx.app.limits.walkTimeoutMs,
      signal: ctx.signal,
      progress: (files, found) => void ctx.progress(files, undefined, `${files} files searched, ${found} matches`),
    });
    const seconds = Math.round(ctx.app.limits.walkTimeoutMs / 100) / 10;
    const slow = result.slowFile
      ? `the regular expression was still running on a line of ${result.slowFile} when the ${seconds} s time limit ran out: it probably backtracks catastrophically (nested quantifiers like (a+)+ or (a|a)*). Simplify it, or search for a literal part with regex: false.`
      : undefined;
    if (slow && result.matches.length === 0) throw timeoutError(`search_content stopped: ${slow}`);
    const notes: string[] = [summaryLine(result)];
    if (result.truncated === 'results')
      notes.push(`[cut at maxResults=${maxResults}: there are more matches; narrow query, path or include]`);
    if (result.truncated === 'time')
      notes.push(slow ? `[stopped: ${slow}]` : '[stopped by the time limit: results are partial; narrow path or include]');
    if (note) notes.push(note);
    const body = result.matches.length > 0 ? renderMatches(result.matches) : [`No matches for ${JSON.stringify(query)} in ${path}.`];
    return {
      text: [...body, ...notes].join('\n'),
      data: {
        path,
        matches: result.matches,
        filesSearched: result.filesSearched,
        filesSkipped: result.binarySkipped + result.unreadable,
        truncated: result.truncated !== undefined,
      },
    };
  },
});
