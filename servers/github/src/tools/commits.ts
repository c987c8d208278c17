import { z } from 'zod';
import { defineGitHubTool } from '../app.js';
import { callGitHub } from '../client/call-github.js';
import { pageFields, pageNote, pageOf, pageRecord } from '../client/pagination.js';
import { sanitizeName, sanitizeUntrusted } from '../safety/sanitize-text.js';
import { refField, repoFields, subjectOf } from './github-fields.js';

const commitRecord = z.object({
  sha: z.string(),
  message: z.string().describe('First line of the message, sanitized'),
  author: z.string().nullable().describe('GitHub login, or the git author name'),
  date: z.string().nullable(),
  htmlUrl: z.string(),
});

export const listBranches = defineGitHubTool({
  name: 'list_branches',
  title: 'List branches',
  description: 'List branches with their head sha.',
  toolset: 'repos',
  input: z.strictObject({ ...repoFields, ...pageFields }),
  output: z.object({
    branches: z.array(z.object({ name: z.string(), sha: z.string(), protected: z.boolean() })),
    pagination: pageRecord,
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ owner, repo, page, perPage }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data, headers } = await callGitHub(subjectOf(owner, repo, 'the branches'), () =>
      app.github.rest.repos.listBranches({ owner, repo, page, per_page: perPage, request: { signal } }),
    );
    const branches = data.map((branch) => ({ name: sanitizeName(branch.name), sha: branch.commit.sha, protected: branch.protected }));
    const pagination = pageOf(headers, page, perPage);
    const lines = branches.map((b) => `${b.name} ${b.sha.slice(0, 7)}${b.protected ? ' (protected)' : ''}`);
    return { text: [`${owner}/${repo} branches:`, ...lines, ...pageNote(pagination)].join('\n'), data: { branches, pagination } };
  },
});

export const listCommits = defineGitHubTool({
  name: 'list_commits',
  title: 'List commits',
  description: 'List commits, newest first.',
  toolset: 'repos',
  input: z.strictObject({
    ...repoFields,
    sha: refField.optional(),
    path: z.string().max(1024).optional(),
    author: z.string().max(100).optional(),
    since: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
    ...pageFields,
  }),
  output: z.object({ commits: z.array(commitRecord), pagination: pageRecord }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ owner, repo, sha, path, author, since, until, page, perPage }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data, headers } = await callGitHub(subjectOf(owner, repo, `the commits${sha ? ` of ${sha}` : ''}`), () =>
      app.github.rest.repos.listCommits({
        owner,
        repo,
        ...(sha && { sha }),
        ...(path && { path }),
        ...(author && { author }),
        ...(since && { since }),
        ...(until && { until }),
        page,
        per_page: perPage,
        request: { signal },
      }),
    );
    const commits = data.map((item) => ({
      sha: item.sha,
      message: firstLine(item.commit.message),
      author: item.author?.login
        ? sanitizeName(item.author.login)
        : item.commit.author?.name
          ? sanitizeName(item.commit.author.name)
          : null,
      date: item.commit.author?.date ?? item.commit.committer?.date ?? null,
      htmlUrl: item.html_url,
    }));
    const pagination = pageOf(headers, page, perPage);
    const lines = commits.map((c) => `${c.sha.slice(0, 7)} ${c.date?.slice(0, 10) ?? ''} ${c.author ?? ''}: ${c.message}`);
    return { text: [`${owner}/${repo} commits:`, ...lines, ...pageNote(pagination)].join('\n'), data: { commits, pagination } };
  },
});

const fileChange = z.object({
  filename: z.string(),
  status: z.string(),
  additions: z.number().int(),
  deletions: z.number().int(),
  patch: z.string().optional().describe('Unified diff of the file, cut at the size cap'),
});

export const getCommit = defineGitHubTool({
  name: 'get_commit',
  title: 'Get a commit',
  description: 'Get a commit with its changed files and diffs.',
  toolset: 'repos',
  input: z.strictObject({
    ...repoFields,
    sha: refField,
    includeDiff: z.boolean().default(true),
  }),
  output: z.object({
    sha: z.string(),
    message: z.string(),
    author: z.string().nullable(),
    date: z.string().nullable(),
    parents: z.array(z.string()),
    stats: z.object({ additions: z.number().int(), deletions: z.number().int(), total: z.number().int() }).optional(),
    files: z.array(fileChange),
    diffTruncated: z.boolean(),
    htmlUrl: z.string(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ owner, repo, sha, includeDiff }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data } = await callGitHub(subjectOf(owner, repo, `commit ${sha}`), () =>
      app.github.rest.repos.getCommit({ owner, repo, ref: sha, request: { signal } }),
    );
    let budget = app.maxBodyChars;
    let diffTruncated = false;
    const files = (data.files ?? []).map((file) => {
      const record: z.infer<typeof fileChange> = {
        filename: sanitizeName(file.filename),
        status: file.status,
        additions: file.additions,
        deletions: file.deletions,
      };
      if (includeDiff && file.patch !== undefined) {
        const patch = sanitizeUntrusted(file.patch, { markdown: false });
        if (patch.length <= budget) {
          record.patch = patch;
          budget -= patch.length;
        } else {
          diffTruncated = true;
          if (budget > 0) record.patch = `${patch.slice(0, budget)}\n[diff cut at the size cap]`;
          budget = 0;
        }
      }
      return record;
    });
    const message = sanitizeUntrusted(data.commit.message, { markdown: false });
    const author = data.author?.login
      ? sanitizeName(data.author.login)
      : data.commit.author?.name
        ? sanitizeName(data.commit.author.name)
        : null;
    const result = {
      sha: data.sha,
      message,
      author,
      date: data.commit.author?.date ?? null,
      parents: data.parents.map((parent) => parent.sha),
      ...(data.stats && {
        stats: { additions: data.stats.additions ?? 0, deletions: data.stats.deletions ?? 0, total: data.stats.total ?? 0 },
      }),
      files,
      diffTruncated,
      htmlUrl: data.html_url,
    };
    const lines = [
      `${data.sha.slice(0, 7)} by ${author ?? 'unknown'} on ${result.date ?? '?'}`,
      message,
      '',
      ...files.map((f) => `${f.status} ${f.filename} (+${f.additions} -${f.deletions})`),
    ];
    if (includeDiff) for (const file of files) if (file.patch) lines.push('', `--- ${file.filename}`, file.patch);
    if (diffTruncated)
      lines.push('', `[diffs cut at ${app.maxBodyChars.toLocaleString('en-US')} characters; read single files with get_file_contents]`);
    return { text: lines.join('\n'), data: result };
  },
});

function firstLine(message: string): string {
  return sanitizeUntrusted(message.split('\n', 1)[0] ?? '', { markdown: false });
}
