import { z } from 'zod';
import { defineFilesystemTool } from '../app.js';
import type { EntryKind } from '../paths/entry-kind.js';
import { compileGlobs } from '../walk/patterns.js';
import { TreeWalk, type WalkSummary } from '../walk/walker.js';

/** One entry of the tree, as the reference server's JSON has it: directories always carry `children`. */
export interface TreeNode {
  name: string;
  type: EntryKind;
  children?: TreeNode[];
}

const treeNode = z.object({
  name: z.string(),
  type: z.enum(['file', 'directory', 'symlink', 'other']),
  get children(): z.ZodOptional<z.ZodArray<typeof treeNode>> {
    return z.array(treeNode).optional();
  },
});

const SUFFIX: Record<EntryKind, string> = { file: '', directory: '/', symlink: ' (symlink)', other: ' (other)' };

/**
 * The tree as indented lines, two spaces per level, `/` after directory names: a fraction
 * of the tokens of pretty-printed JSON. Depth-first with an explicit stack, so a deep tree
 * cannot overflow the call stack. Directories the depth limit kept closed end in `…`.
 */
export function renderTree(nodes: readonly TreeNode[], closed: ReadonlySet<TreeNode>): string {
  const lines: string[] = [];
  const stack: Array<{ nodes: readonly TreeNode[]; index: number; indent: string }> = [{ nodes, index: 0, indent: '' }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as (typeof stack)[number];
    const node = frame.nodes[frame.index++];
    if (node === undefined) {
      stack.pop();
      continue;
    }
    lines.push(frame.indent + node.name + SUFFIX[node.type] + (closed.has(node) ? ' …' : ''));
    if (node.children && node.children.length > 0) stack.push({ nodes: node.children, index: 0, indent: `${frame.indent}  ` });
  }
  return lines.join('\n');
}

function footer(summary: WalkSummary, maxEntries: number): string {
  const parts = [`${summary.visited} ${summary.visited === 1 ? 'entry' : 'entries'}`];
  if (summary.truncated === 'entries')
    parts.push(`cut at the ${maxEntries}-entry limit: narrow it with a deeper path, maxDepth or excludePatterns`);
  if (summary.truncated === 'time') parts.push('stopped by the time limit: narrow it with a deeper path, maxDepth or excludePatterns');
  if (summary.unreadable > 0) parts.push(`${summary.unreadable} unreadable directories skipped`);
  return `[${parts.join('; ')}]`;
}

export const directoryTree = defineFilesystemTool({
  name: 'directory_tree',
  title: 'Directory tree',
  description:
    'Recursive tree as indented text (structured: nested name/type/children); symlinks shown, not followed. excludePatterns: globs; a bare name (node_modules) excludes it at any depth.',
  toolset: 'directories',
  input: z.strictObject({
    path: z.string(),
    excludePatterns: z.array(z.string()).default([]),
    maxDepth: z.number().int().min(1).max(10_000).optional(),
    respectGitignore: z.boolean().default(false),
  }),
  output: z.object({
    path: z.string(),
    tree: z.array(treeNode),
    entries: z.number(),
    truncated: z.boolean(),
    reason: z.enum(['entries', 'time']).optional(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ path, excludePatterns, maxDepth, respectGitignore }, ctx) {
    const exclude = compileGlobs(excludePatterns, 'excludePatterns');
    const guard = await ctx.app.guardFor(ctx);
    const root = await guard.resolve(path);
    const { maxEntries, walkTimeoutMs } = ctx.app.limits;
    const walk = new TreeWalk<TreeNode[]>({
      guard,
      root,
      signal: ctx.signal,
      timeoutMs: walkTimeoutMs,
      maxEntries,
      ...(maxDepth !== undefined && { maxDepth }),
      ...(exclude && { exclude }),
      gitignore: respectGitignore,
      progress: (seen) => void ctx.progress(seen, undefined, `${seen} entries read`),
    });
    const tree: TreeNode[] = [];
    const closed = new Set<TreeNode>();
    const summary = await walk.run(tree, (entry, siblings) => {
      if (entry.kind !== 'directory') {
        siblings.push({ name: entry.name, type: entry.kind });
        return siblings;
      }
      const children: TreeNode[] = [];
      const node: TreeNode = { name: entry.name, type: 'directory', children };
      siblings.push(node);
      if (entry.depth === maxDepth) closed.add(node);
      return children;
    });
    const body =
      tree.length === 0 && !summary.truncated
        ? `${path} is empty${exclude || respectGitignore ? ' (after excludes)' : ''}.`
        : renderTree(tree, closed);
    const reason = summary.truncated === 'entries' || summary.truncated === 'time' ? summary.truncated : undefined;
    return {
      text: `${body}\n${footer(summary, maxEntries)}`,
      data: { path, tree, entries: summary.visited, truncated: reason !== undefined, ...(reason && { reason }) },
    };
  },
});
