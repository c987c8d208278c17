import { invalidInput } from '@mcpkit/core';
import { z } from 'zod';
import { defineGitHubTool } from '../app.js';
import { callGitHub } from '../client/call-github.js';
import { sanitizeName, sanitizeUntrusted } from '../safety/sanitize-text.js';
import { refField, repoFields, subjectOf } from './github-fields.js';

/** Files past this are not fetched whole just to return a slice; their raw URL is given instead. */
const MAX_FETCH_BYTES = 10 * 1024 * 1024;

const entryRecord = z.object({ name: z.string(), path: z.string(), type: z.string(), size: z.number().int() });

export const getFileContents = defineGitHubTool({
  name: 'get_file_contents',
  title: 'Read a file or directory',
  description: 'Read a file (long ones from an offset) or list a directory, at any ref.',
  toolset: 'repos',
  input: z.strictObject({
    ...repoFields,
    path: z
      .string()
      .max(1024)
      .default('')
      .transform((path) => path.replace(/^\/+|\/+$/g, ''))
      .refine((path) => !path.split('/').some((part) => part === '..' || part === '.'), 'no "." or ".." segments'),
    ref: refField.optional(),
    offset: z.number().int().min(0).default(0),
  }),
  output: z.object({
    type: z.enum(['file', 'dir', 'symlink', 'submodule']),
    path: z.string(),
    sha: z.string().optional(),
    size: z.number().int().optional(),
    content: z.string().optional().describe('Text of the file from `offset`, sanitized'),
    binary: z.boolean().optional(),
    truncated: z.boolean().optional(),
    nextOffset: z.number().int().optional().describe('Pass as `offset` to read on'),
    target: z.string().optional().describe('Symlink target or submodule URL'),
    entries: z.array(entryRecord).optional(),
    htmlUrl: z.string().optional(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ owner, repo, path, ref, offset }, { app, signal }) {
    app.repos.check(owner, repo);
    const subject = subjectOf(owner, repo, `${path === '' ? 'the root directory' : `"${path}"`}${ref ? ` at ${ref}` : ''}`);
    const { data } = await callGitHub(subject, () =>
      app.github.rest.repos.getContent({ owner, repo, path, ...(ref && { ref }), request: { signal } }),
    );
    if (Array.isArray(data)) {
      const entries = data
        .map((entry) => ({ name: sanitizeName(entry.name), path: sanitizeName(entry.path), type: entry.type, size: entry.size }))
        .sort((a, b) => (a.type === 'dir' ? 0 : 1) - (b.type === 'dir' ? 0 : 1) || a.name.localeCompare(b.name));
      const lines = [`${owner}/${repo}${path ? `/${path}` : ''}${ref ? ` @ ${ref}` : ''}: ${entries.length} entries`];
      for (const entry of entries)
        lines.push(`[${entry.type.toUpperCase()}] ${entry.name}${entry.type === 'file' ? ` (${entry.size} B)` : ''}`);
      return { text: lines.join('\n'), data: { type: 'dir' as const, path, entries } };
    }
    const safePath = sanitizeName(data.path);
    if (data.type === 'symlink' || data.type === 'submodule') {
      const target =
        'target' in data && typeof data.target === 'string'
          ? data.target
          : 'submodule_git_url' in data
            ? String(data.submodule_git_url)
            : '';
      return {
        text: `${safePath} is a ${data.type} → ${sanitizeName(target)}`,
        data: { type: data.type, path: safePath, sha: data.sha, target: sanitizeName(target) },
      };
    }
    if (data.type !== 'file') throw invalidInput(`${safePath} is a ${String((data as { type: unknown }).type)}, which cannot be read.`);
    if (data.size > MAX_FETCH_BYTES) {
      throw invalidInput(
        `${safePath} is ${data.size.toLocaleString('en-US')} bytes, more than this tool reads (${MAX_FETCH_BYTES / 1024 / 1024} MiB). Open it at ${data.html_url ?? 'GitHub'}.`,
      );
    }
    const bytes = await fileBytes(app, { owner, repo, path, ref, signal, subject }, data);
    const base = {
      type: 'file' as const,
      path: safePath,
      sha: data.sha,
      size: data.size,
      ...(data.html_url && { htmlUrl: data.html_url }),
    };
    if (bytes.subarray(0, 8192).includes(0)) {
      return {
        // Not download_url: for a private repository it carries a temporary token.
        text: `${safePath} is a binary file of ${data.size.toLocaleString('en-US')} bytes; its content is not shown. See ${data.html_url ?? 'GitHub'}`,
        data: { ...base, binary: true },
      };
    }
    const text = sanitizeUntrusted(bytes.toString('utf8'), { markdown: false });
    if (offset > text.length) throw invalidInput(`offset ${offset} is past the end of ${safePath} (${text.length} characters).`);
    const { slice, next } = cutAtLine(text, offset, app.maxBodyChars);
    const note =
      next === undefined
        ? ''
        : `\n\n[cut at ${app.maxBodyChars.toLocaleString('en-US')} characters: call again with offset ${next} for the rest]`;
    return {
      text: `${slice}${note}`,
      data: { ...base, binary: false, content: slice, truncated: next !== undefined, ...(next !== undefined && { nextOffset: next }) },
    };
  },
});

/** The file's bytes: inline base64 up to 1 MB, fetched raw beyond that (GitHub sends no content then). */
async function fileBytes(
  app: Parameters<typeof getFileContents.handler>[1]['app'],
  where: { owner: string; repo: string; path: string; ref: string | undefined; signal: AbortSignal; subject: string },
  data: { encoding?: string; content?: string },
): Promise<Buffer> {
  if (data.encoding === 'base64' && data.content !== undefined && data.content !== '') return Buffer.from(data.content, 'base64');
  const { owner, repo, path, ref, signal, subject } = where;
  const raw = await callGitHub(subject, () =>
    app.github.rest.repos.getContent({ owner, repo, path, ...(ref && { ref }), mediaType: { format: 'raw' }, request: { signal } }),
  );
  const body: unknown = raw.data;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  return Buffer.from(String(body));
}

/** Up to `max` characters from `offset`, ending at a line break when there is one in the last quarter. */
export function cutAtLine(text: string, offset: number, max: number): { slice: string; next: number | undefined } {
  if (text.length - offset <= max) return { slice: text.slice(offset), next: undefined };
  let end = offset + max;
  const lineEnd = text.lastIndexOf('\n', end - 1);
  if (lineEnd >= offset + max * 0.75) end = lineEnd + 1;
  return { slice: text.slice(offset, end), next: end };
}
