import { z } from 'zod';
import { hiddenByPolicyNote, totalWithinPolicy } from '../access/repo-policy.js';
import { defineGitHubTool } from '../app.js';
import { callGitHub } from '../client/call-github.js';
import { pageFields, pageNote, pageOf, pageRecord } from '../client/pagination.js';
import { sanitizeName, sanitizeUntrusted } from '../safety/sanitize-text.js';
import { MAX_QUERY_CHARS, scopedQuery } from './search-scope.js';

/** Fragments kept per file, and characters per fragment: enough to judge a hit, not to read the file. */
const MAX_FRAGMENTS = 3;
const MAX_FRAGMENT_CHARS = 300;
/** Characters of the first fragment on the file's line in the text answer. */
const LINE_FRAGMENT_CHARS = 120;

const codeResult = z.object({
  repository: z.string(),
  path: z.string(),
  sha: z.string(),
  htmlUrl: z.string(),
  fragments: z.array(z.string()).describe('Matching lines, sanitized and cut short'),
});

interface RawTextMatch {
  fragment?: string;
  matches?: Array<{ indices?: number[] }>;
}

/** The fragment cut to the cap around its first match (GitHub's offsets, so cut before sanitizing). */
function fragmentOf(match: RawTextMatch): string {
  const raw = match.fragment ?? '';
  const at = match.matches?.[0]?.indices?.[0] ?? 0;
  const start = raw.length <= MAX_FRAGMENT_CHARS ? 0 : Math.max(0, Math.min(at - MAX_FRAGMENT_CHARS / 3, raw.length - MAX_FRAGMENT_CHARS));
  // Never half a surrogate pair at either end.
  const cut = raw.slice(start, start + MAX_FRAGMENT_CHARS).replace(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/g, '');
  const clean = sanitizeUntrusted(cut, { markdown: false });
  return `${start > 0 ? '…' : ''}${clean}${start + MAX_FRAGMENT_CHARS < raw.length ? '…' : ''}`;
}

export const searchCode = defineGitHubTool({
  name: 'search_code',
  title: 'Search code',
  description: 'Search code in default branches (GitHub code search syntax, e.g. "useState repo:o/r path:src language:ts").',
  toolset: 'repos',
  input: z.strictObject({
    query: z.string().trim().min(1).max(MAX_QUERY_CHARS),
    // No sort: GitHub deprecated it for code search (best match is the only useful order).
    ...pageFields,
  }),
  output: z.object({ results: z.array(codeResult), pagination: pageRecord, hiddenByPolicy: z.number().int() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ query, page, perPage }, { app, signal }) {
    const q = scopedQuery(app.repos, query);
    const { data, headers } = await callGitHub(`the code search "${query}"`, () =>
      app.github.rest.search.code({
        q,
        page,
        per_page: perPage,
        mediaType: { format: 'text-match' },
        request: { signal },
      }),
    );
    // The query is already narrowed to the allow-list; this is the belt to its braces.
    const visible = data.items.filter((item) => app.repos.allows(item.repository.owner?.login ?? '', item.repository.name));
    const hiddenByPolicy = data.items.length - visible.length;
    const results = visible.map((item) => ({
      repository: sanitizeName(item.repository.full_name),
      path: sanitizeName(item.path),
      sha: item.sha,
      htmlUrl: item.html_url,
      fragments: (item.text_matches ?? [])
        .filter((match) => typeof match.fragment === 'string' && match.fragment !== '')
        .slice(0, MAX_FRAGMENTS)
        .map(fragmentOf),
    }));
    const total = totalWithinPolicy(data.total_count, hiddenByPolicy);
    const pagination = pageOf(headers, page, perPage, total);
    const head =
      total === undefined
        ? `Code matching "${query}" within the allowed repositories:`
        : `${total.toLocaleString('en-US')} files match "${query}"${app.repos.restricted ? ' in the allowed repositories' : ''}.`;
    const lines = [head];
    for (const result of results) {
      const first = result.fragments[0]?.replace(/\s+/g, ' ').trim();
      const shown = first && first.length > LINE_FRAGMENT_CHARS ? `${first.slice(0, LINE_FRAGMENT_CHARS)}…` : first;
      lines.push(`- ${result.repository}: ${result.path}${shown ? ` — ${shown}` : ''}`);
    }
    if (data.incomplete_results) lines.push('GitHub stopped searching early (incomplete results); narrow the query for a full answer.');
    lines.push(...hiddenByPolicyNote(hiddenByPolicy));
    lines.push(...pageNote(pagination));
    return { text: lines.join('\n'), data: { results, pagination, hiddenByPolicy } };
  },
});
