import { conflict, invalidInput, isMcpKitError, notFound, upstreamError } from '@mcpkit/core';
import { z } from 'zod';
import { defineGitHubTool, type GitHubApp } from '../app.js';
import { callGitHub } from '../client/call-github.js';
import { sanitizeName, sanitizeUntrusted } from '../safety/sanitize-text.js';
import { repoFields, subjectOf } from './github-fields.js';
import { branchField, filePathField, githubReason, githubStatus, restated, shaField } from './write-fields.js';

/** Most characters of one file written in a call, and of all files of one push. */
const MAX_FILE_CHARS = 1_000_000;
const MAX_PUSH_CHARS = 5_000_000;
const MAX_PUSH_FILES = 100;

const commitRecord = z.object({ sha: z.string(), message: z.string(), htmlUrl: z.string() });

const messageField = z.string().trim().min(1).max(65_536);

interface RawCommit {
  sha?: string;
  message?: string;
  html_url?: string;
}

function toCommit(commit: RawCommit | undefined): z.infer<typeof commitRecord> {
  return {
    sha: commit?.sha ?? '',
    message: sanitizeUntrusted((commit?.message ?? '').split('\n', 1)[0] ?? '', { markdown: false }),
    htmlUrl: commit?.html_url ?? '',
  };
}

/** What to do when GitHub refuses a file write because of its sha (409 stale, 422 missing). */
function shaTrouble(error: unknown, where: { path: string; branch: string }): unknown {
  if (!isMcpKitError(error)) return error;
  const status = githubStatus(error);
  const read = `call get_file_contents with path "${where.path}" and ref "${where.branch}" for its current sha`;
  if (status === 409) {
    return restated(
      error,
      `${where.path} on ${where.branch} is not at the sha given: it changed since it was read. To write it anyway, ${read}, then try again.`,
    );
  }
  if (status === 422 && /"sha" wasn't supplied/.test(githubReason(error))) {
    return restated(error, `${where.path} already exists on ${where.branch}. To overwrite it, ${read} and pass it as sha.`);
  }
  return error;
}

export const createOrUpdateFile = defineGitHubTool({
  name: 'create_or_update_file',
  title: 'Create or update a file',
  description: 'Write one file as a commit on a branch; give the current sha to overwrite an existing file.',
  toolset: 'repos',
  input: z.strictObject({
    ...repoFields,
    path: filePathField,
    content: z.string().max(MAX_FILE_CHARS),
    message: messageField,
    branch: branchField,
    sha: shaField.optional().describe('Current blob sha, required to overwrite (get_file_contents gives it)'),
  }),
  output: z.object({ path: z.string(), sha: z.string(), created: z.boolean(), commit: commitRecord, htmlUrl: z.string().nullable() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async handler({ owner, repo, path, content, message, branch, sha }, { app, signal }) {
    app.repos.check(owner, repo);
    const response = await callGitHub(subjectOf(owner, repo, `"${path}" on ${branch}`), () =>
      app.github.rest.repos.createOrUpdateFileContents({
        owner,
        repo,
        path,
        message,
        content: Buffer.from(content, 'utf8').toString('base64'),
        branch,
        ...(sha && { sha }),
        // Not retried: after a 502 the write may have landed, and a second one would then be refused as stale.
        request: { signal, retries: 0 },
      }),
    ).catch((error: unknown) => {
      throw shaTrouble(error, { path, branch });
    });
    const { data, status } = response;
    const created = status === 201;
    const result = {
      path: sanitizeName(data.content?.path ?? path),
      sha: data.content?.sha ?? '',
      created,
      commit: toCommit(data.commit),
      htmlUrl: data.content?.html_url ?? null,
    };
    const verb = created ? 'Created' : 'Updated';
    return {
      text: `${verb} ${result.path} on ${branch} in ${owner}/${repo}: commit ${result.commit.sha.slice(0, 7)}, blob ${result.sha.slice(0, 7)}.\n${result.commit.htmlUrl}`,
      data: result,
    };
  },
});

export const deleteFile = defineGitHubTool({
  name: 'delete_file',
  title: 'Delete a file',
  description: 'Delete one file as a commit on a branch; give its sha to refuse if it changed since you read it.',
  toolset: 'repos',
  input: z.strictObject({
    ...repoFields,
    path: filePathField,
    message: messageField,
    branch: branchField,
    sha: shaField.optional(),
  }),
  output: z.object({ path: z.string(), commit: commitRecord }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async handler({ owner, repo, path, message, branch, sha }, { app, signal }) {
    app.repos.check(owner, repo);
    const subject = subjectOf(owner, repo, `"${path}" on ${branch}`);
    const current = sha ?? (await currentSha(app, { owner, repo, path, branch, signal, subject }));
    const { data } = await callGitHub(subject, () =>
      app.github.rest.repos.deleteFile({ owner, repo, path, message, sha: current, branch, request: { signal, retries: 0 } }),
    ).catch((error: unknown) => {
      throw shaTrouble(error, { path, branch });
    });
    const commit = toCommit(data.commit);
    return {
      text: `Deleted ${sanitizeName(path)} from ${branch} in ${owner}/${repo}: commit ${commit.sha.slice(0, 7)}.\n${commit.htmlUrl}`,
      data: { path: sanitizeName(path), commit },
    };
  },
});

/** The sha of the file at `path` on `branch`; a directory or link is refused, since delete_file removes files. */
async function currentSha(
  app: GitHubApp,
  where: { owner: string; repo: string; path: string; branch: string; signal: AbortSignal; subject: string },
): Promise<string> {
  const { owner, repo, path, branch, signal, subject } = where;
  const { data } = await callGitHub(subject, () =>
    app.github.rest.repos.getContent({ owner, repo, path, ref: branch, request: { signal } }),
  );
  if (Array.isArray(data) || data.type !== 'file') {
    const kind = Array.isArray(data) ? 'directory' : data.type;
    throw invalidInput(`${path} on ${branch} is a ${kind}, not a file; delete_file removes one file at a time.`);
  }
  return data.sha;
}

const pushFile = z.strictObject({ path: filePathField, content: z.string().max(MAX_FILE_CHARS) });

export const pushFiles = defineGitHubTool({
  name: 'push_files',
  title: 'Push several files',
  description: 'Write several files (created or overwritten) as one commit on an existing branch.',
  toolset: 'repos',
  input: z.strictObject({
    ...repoFields,
    branch: branchField,
    message: messageField,
    files: z
      .array(pushFile)
      .min(1)
      .max(MAX_PUSH_FILES)
      .superRefine((files, ctx) => {
        const seen = new Set<string>();
        for (const { path } of files) {
          if (seen.has(path)) ctx.addIssue({ code: 'custom', message: `"${path}" is given twice` });
          seen.add(path);
        }
        for (const { path } of files) {
          const parts = path.split('/');
          for (let end = 1; end < parts.length; end += 1) {
            const dir = parts.slice(0, end).join('/');
            if (seen.has(dir)) ctx.addIssue({ code: 'custom', message: `"${dir}" cannot be both a file and the folder of "${path}"` });
          }
        }
        const total = files.reduce((sum, file) => sum + file.content.length, 0);
        if (total > MAX_PUSH_CHARS)
          ctx.addIssue({ code: 'custom', message: `the files hold ${total} characters; at most ${MAX_PUSH_CHARS} per push` });
      }),
  }),
  output: z.object({ branch: z.string(), previousSha: z.string(), commit: commitRecord, files: z.array(z.string()) }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async handler({ owner, repo, branch, message, files }, { app, signal }) {
    app.repos.check(owner, repo);
    const rest = app.github.rest.git;
    const ref = `heads/${branch}`;
    const subject = subjectOf(owner, repo, `the push to ${branch}`);
    // Every step before the ref update only adds objects nobody points at, so a failure there
    // changes nothing; and blobs, trees and commits are content-addressed, so retrying them is safe.
    const untouched = (error: unknown): never => {
      if (!isMcpKitError(error)) throw error;
      throw restated(error, `Nothing was pushed to ${branch}: ${error.message}`);
    };
    const head = await callGitHub(subject, () => rest.getRef({ owner, repo, ref, request: { signal } })).catch((error: unknown) => {
      if (githubStatus(error) === 404) {
        throw notFound(
          `Nothing was pushed: GitHub found no branch "${branch}" in ${owner}/${repo} (or the token cannot see the repository). Create the branch with create_branch first, or pick one from list_branches.`,
          { cause: error },
        );
      }
      return untouched(error);
    });
    const headSha = head.data.object.sha;
    const base = await callGitHub(subject, () => rest.getCommit({ owner, repo, commit_sha: headSha, request: { signal } })).catch(
      untouched,
    );
    const tree = await callGitHub(subject, () =>
      rest.createTree({
        owner,
        repo,
        base_tree: base.data.tree.sha,
        tree: files.map((file) => ({ path: file.path, mode: '100644' as const, type: 'blob' as const, content: file.content })),
        request: { signal },
      }),
    ).catch(untouched);
    const commit = await callGitHub(subject, () =>
      rest.createCommit({ owner, repo, message, tree: tree.data.sha, parents: [headSha], request: { signal } }),
    ).catch(untouched);
    // Fast-forward only: if someone pushed meanwhile, GitHub refuses and their work stays as it is.
    // A retry after a lost answer is harmless: moving the branch to where it already is succeeds.
    await callGitHub(subject, () => rest.updateRef({ owner, repo, ref, sha: commit.data.sha, force: false, request: { signal } })).catch(
      (error: unknown) => {
        if (!isMcpKitError(error)) throw error;
        const status = githubStatus(error);
        if (status === 422 && /fast forward/i.test(githubReason(error))) {
          throw conflict(
            `Nothing was pushed: ${branch} in ${owner}/${repo} moved while the commit was being made (someone else pushed). The branch is as they left it; call push_files again to commit on its new head.`,
            { cause: error, ...(error.details && { details: error.details }) },
          );
        }
        if (status === undefined || status >= 500) {
          throw upstreamError(
            `The files were committed (${commit.data.sha.slice(0, 7)}) but GitHub did not confirm moving ${branch} to it: ${error.message} Check ${branch} with list_commits before pushing again.`,
            { cause: error },
          );
        }
        return untouched(error);
      },
    );
    const paths = files.map((file) => sanitizeName(file.path));
    const pushed = toCommit(commit.data);
    return {
      text: [
        `Pushed ${paths.length} file${paths.length === 1 ? '' : 's'} to ${branch} in ${owner}/${repo}: commit ${pushed.sha.slice(0, 7)} (was ${headSha.slice(0, 7)}).`,
        pushed.htmlUrl,
        ...paths.map((path) => `- ${path}`),
      ].join('\n'),
      data: { branch, previousSha: headSha, commit: pushed, files: paths },
    };
  },
});
