import { invalidInput } from '@mcpkit/core';
import { z } from 'zod';
import { defineGitHubTool } from '../app.js';
import { callGitHub } from '../client/call-github.js';
import { pageFields, pageNote, pageOf, pageRecord } from '../client/pagination.js';
import { fenceUntrusted, withheldNotice } from '../safety/fence-untrusted.js';
import { sanitizeName, sanitizeUntrusted } from '../safety/sanitize-text.js';
import { loginField } from './github-fields.js';
import { capText } from './issue-records.js';

// Gists are not repositories: `--repos` does not apply to them (no owner/repo to check), while
// `--read-only` hides the writes as it does every write. Their text is anyone's, so it is sanitized.

const gistRecord = z.object({
  id: z.string(),
  description: z.string().nullable(),
  public: z.boolean(),
  owner: z.string().nullable(),
  files: z.array(z.string()),
  updatedAt: z.string(),
  htmlUrl: z.string(),
});
type GistRecord = z.infer<typeof gistRecord>;

interface RawGist {
  id?: string;
  description?: string | null;
  public?: boolean;
  owner?: { login: string } | null;
  files?: Record<string, { filename?: string; content?: string; truncated?: boolean; size?: number } | null>;
  updated_at?: string;
  html_url?: string;
}

// A description is one line, but sanitized as Markdown all the same: an HTML comment in it is
// invisible on a rendered page yet plain to a model, the classic place to hide instructions.
const text = (value: string) => sanitizeUntrusted(value);

function toGistRecord(gist: RawGist): GistRecord {
  return {
    id: gist.id ?? '',
    description: gist.description ? text(gist.description) : null,
    public: gist.public ?? false,
    owner: gist.owner?.login ? sanitizeName(gist.owner.login) : null,
    files: Object.keys(gist.files ?? {}).map(sanitizeName),
    updatedAt: gist.updated_at ?? '',
    htmlUrl: gist.html_url ?? '',
  };
}

const gistLine = (g: GistRecord) =>
  `${g.id} [${g.public ? 'public' : 'secret'}] ${g.description ?? '(no description)'} — ${g.files.join(', ')} (${g.updatedAt.slice(0, 10)})`;

const gistIdField = z.string().regex(/^[0-9a-f]{1,64}$/i, 'a gist id (hex)');

export const listGists = defineGitHubTool({
  name: 'list_gists',
  title: 'List gists',
  description: 'List your gists (secret ones too), or the public gists of a username.',
  toolset: 'gists',
  input: z.strictObject({ username: loginField.optional(), since: z.iso.datetime().optional(), ...pageFields }),
  output: z.object({ gists: z.array(gistRecord), pagination: pageRecord }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ username, since, page, perPage }, { app, signal }) {
    if (!username && !app.authenticated) throw invalidInput('Without a GitHub token there is no "your" gists: name a username.');
    const request = { since, page, per_page: perPage, request: { signal } };
    const { data, headers } = await callGitHub(username ? `the gists of @${username}` : 'your gists', () =>
      username ? app.github.rest.gists.listForUser({ username, ...request }) : app.github.rest.gists.list(request),
    );
    const gists = (data as RawGist[]).map(toGistRecord);
    const pagination = pageOf(headers, page, perPage);
    const head = gists.length === 0 ? 'No gists.' : `Gists${username ? ` of @${username}` : ''}:`;
    return { text: [head, ...gists.map(gistLine), ...pageNote(pagination)].join('\n'), data: { gists, pagination } };
  },
});

const fileRecord = z.object({
  filename: z.string(),
  size: z.number().int(),
  content: z.string(),
  truncated: z.boolean(),
  withheld: z.boolean(),
});

export const getGist = defineGitHubTool({
  name: 'get_gist',
  title: 'Get a gist',
  description: 'Get a gist with its files’ content, each capped in size.',
  toolset: 'gists',
  input: z.strictObject({ gistId: gistIdField }),
  output: z.object({ gist: gistRecord, contents: z.array(fileRecord) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ gistId }, { app, signal }) {
    const { data } = await callGitHub(`gist ${gistId}`, () => app.github.rest.gists.get({ gist_id: gistId, request: { signal } }));
    const gist = toGistRecord(data as RawGist);
    // One budget for all files, so a gist of many files cannot overflow the answer.
    // Someone else's gist is a stranger's text, as an issue by someone without standing is:
    // fenced as untrusted, and in lockdown withheld. The token's own gists are shown as they are.
    const author = gist.owner ?? 'unknown';
    const own =
      app.authenticated && gist.owner !== null && author.toLowerCase() === (await app.viewer(signal).catch(() => '')).toLowerCase();
    let budget = app.maxBodyChars;
    const contents = Object.values((data as RawGist).files ?? {}).flatMap((file) => {
      if (!file) return [];
      const filename = sanitizeName(file.filename ?? '');
      if (!own && app.lockdown.enabled) {
        const notice = withheldNotice({ author, kind: 'gist file', repository: `gist ${gist.id}`, reason: 'not-own' });
        return [{ filename, size: file.size ?? 0, content: notice, truncated: false, withheld: true }];
      }
      // Code, not Markdown: kept as written, with only what no one can see taken out (as get_file_contents does).
      const capped = capText(sanitizeUntrusted(file.content ?? '', { markdown: false }), Math.max(budget, 0), gist.htmlUrl);
      budget -= capped.text.length;
      const content = own ? capped.text : fenceUntrusted(capped.text, { author, kind: 'gist file' });
      return [{ filename, size: file.size ?? 0, content, truncated: capped.truncated || file.truncated === true, withheld: false }];
    });
    const lines = [gistLine(gist), gist.htmlUrl];
    for (const file of contents)
      lines.push('', `--- ${file.filename} (${file.size} bytes)${file.truncated ? ', truncated' : ''}`, file.content);
    return { text: lines.join('\n'), data: { gist, contents } };
  },
});

const filesField = z.record(z.string().min(1).max(255), z.string().min(1));

export const createGist = defineGitHubTool({
  name: 'create_gist',
  title: 'Create a gist',
  description: 'Create a gist from files (name → content); secret unless public is true.',
  toolset: 'gists',
  input: z.strictObject({ files: filesField, description: z.string().max(1000).optional(), public: z.boolean().default(false) }),
  output: z.object({ gist: gistRecord }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler({ files, description, public: isPublic }, { app, signal }) {
    if (Object.keys(files).length === 0) throw invalidInput('A gist needs at least one file.');
    const { data } = await callGitHub('a new gist', () =>
      app.github.rest.gists.create({
        files: Object.fromEntries(Object.entries(files).map(([name, content]) => [name, { content }])),
        description,
        public: isPublic,
        // A retried POST after a 5xx could create the gist twice.
        request: { signal, retries: 0 },
      }),
    );
    const gist = toGistRecord(data as RawGist);
    return { text: `Created ${gistLine(gist)}\n${gist.htmlUrl}`, data: { gist } };
  },
});

export const updateGist = defineGitHubTool({
  name: 'update_gist',
  title: 'Update a gist',
  description: 'Edit, rename (newName) or delete (delete: true) a gist’s files, or its description.',
  toolset: 'gists',
  input: z.strictObject({
    gistId: gistIdField,
    description: z.string().max(1000).optional(),
    files: z
      .record(
        z.string().min(1).max(255),
        z.strictObject({
          content: z.string().min(1).optional(),
          newName: z.string().min(1).max(255).optional(),
          delete: z.boolean().optional(),
        }),
      )
      .default({}),
  }),
  output: z.object({ gist: gistRecord }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async handler({ gistId, description, files }, { app, signal }) {
    const names = Object.keys(files);
    if (names.length === 0 && description === undefined) throw invalidInput('Nothing to change: give files or a description.');
    const changes: Record<string, { content?: string; filename?: string } | null> = {};
    for (const [name, change] of Object.entries(files)) {
      if (change.delete) {
        if (change.content !== undefined || change.newName !== undefined)
          throw invalidInput(`File "${name}": delete cannot go with content or newName.`);
        changes[name] = null;
      } else if (change.content === undefined && change.newName === undefined) {
        throw invalidInput(`File "${name}": give content, newName or delete: true.`);
      } else {
        changes[name] = {
          ...(change.content !== undefined && { content: change.content }),
          ...(change.newName !== undefined && { filename: change.newName }),
        };
      }
    }
    const { data } = await callGitHub(`gist ${gistId}`, () =>
      app.github.rest.gists.update({
        gist_id: gistId,
        ...(description !== undefined && { description }),
        // Octokit's types have no null for a deleted file, though GitHub's API takes one.
        files: changes as Record<string, { content?: string; filename?: string }>,
        request: { signal },
      }),
    );
    const gist = toGistRecord(data as RawGist);
    const deleted = names.filter((name) => changes[name] === null);
    return {
      text: `Updated ${gistLine(gist)}${deleted.length > 0 ? `\nDeleted: ${deleted.map(sanitizeName).join(', ')}` : ''}\n${gist.htmlUrl}`,
      data: { gist },
    };
  },
});
