import { invalidInput } from '@mcpkit/core';
import { z } from 'zod';
import { defineFilesystemTool } from '../app.js';
import { compileGlobs } from '../walk/patterns.js';
import { compareNames, TreeWalk, type WalkSummary } from '../walk/walker.js';

/** The notes under the results: what cut them, what was skipped. */
export function walkNotes(summary: WalkSummary, cutAt: number): string[] {
  const notes: string[] = [];
  if (summary.truncated === 'results' || summary.truncated === 'entries') {
    notes.push(`[cut at ${cutAt} results, in walk order (shallow first): narrow the pattern or path, or raise maxResults]`);
  }
  if (summary.truncated === 'time')
    notes.push(`[stopped by the time limit after ${summary.seen} entries: results are partial; narrow the path]`);
  if (summary.unreadable > 0) notes.push(`[${summary.unreadable} unreadable directories skipped]`);
  return notes;
}

/** The caller's maxResults within the server's entry limit, and a note when it was lowered. */
export function boundedMaxResults(requested: number | undefined, maxEntries: number): { maxResults: number; note?: string } {
  if (requested === undefined) return { maxResults: maxEntries };
  if (requested <= maxEntries) return { maxResults: requested };
  return { maxResults: maxEntries, note: `[maxResults lowered to the server's limit, ${maxEntries}]` };
}

export const searchFiles = defineFilesystemTool({
  name: 'search_files',
  title: 'Search files by name',
  description:
    'Finds files and directories by glob: without / it matches names at any depth (*.ts), with / the path below path (src/**/*.ts). Full paths, sorted; symlinks not followed.',
  toolset: 'search',
  input: z.strictObject({
    path: z.string(),
    pattern: z.string(),
    excludePatterns: z.array(z.string()).default([]),
    maxResults: z.number().int().min(1).max(10_000_000).optional(),
    respectGitignore: z.boolean().default(false),
  }),
  output: z.object({ path: z.string(), matches: z.array(z.string()), truncated: z.boolean() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ path, pattern, excludePatterns, maxResults: requested, respectGitignore }, ctx) {
    const matcher = compileGlobs([pattern], 'pattern');
    if (!matcher) throw invalidInput('pattern is empty. Give a glob such as *.ts or src/**/*.json.');
    const exclude = compileGlobs(excludePatterns, 'excludePatterns');
    const { maxResults, note } = boundedMaxResults(requested, ctx.app.limits.maxEntries);
    const guard = await ctx.app.guardFor(ctx);
    const root = await guard.resolve(path);
    const base = root.real.endsWith('/') ? root.real : `${root.real}/`;
    const walk = new TreeWalk<null>({
      guard,
      root,
      signal: ctx.signal,
      timeoutMs: ctx.app.limits.walkTimeoutMs,
      ...(exclude && { exclude }),
      gitignore: respectGitignore,
      progress: (seen) => void ctx.progress(seen, undefined, `${seen} entries read`),
    });
    const matches: string[] = [];
    const summary = await walk.run(null, (entry) => {
      if (matcher(entry.relative, entry.name, entry.kind === 'directory')) {
        // One match past the limit proves there are more; it is not returned.
        if (matches.length === maxResults) walk.stop('results');
        else matches.push(base + entry.relative);
      }
      return null;
    });
    matches.sort(compareNames);
    const notes = walkNotes(summary, maxResults);
    if (note) notes.push(note);
    const body = matches.length > 0 ? matches.join('\n') : `No matches for ${pattern} in ${path}.`;
    const text = notes.length > 0 ? `${body}\n${notes.join('\n')}` : body;
    return { text, data: { path, matches, truncated: summary.truncated !== undefined } };
  },
});
