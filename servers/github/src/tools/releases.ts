import { z } from 'zod';
import { defineGitHubTool } from '../app.js';
import { callGitHub } from '../client/call-github.js';
import { pageFields, pageNote, pageOf, pageRecord } from '../client/pagination.js';
import { sanitizeName, sanitizeUntrusted } from '../safety/sanitize-text.js';
import { repoFields, subjectOf } from './github-fields.js';
import { capText } from './issue-records.js';

const releaseRecord = z.object({
  tag: z.string(),
  name: z.string().nullable(),
  draft: z.boolean(),
  prerelease: z.boolean(),
  publishedAt: z.string().nullable(),
  author: z.string().nullable(),
  assets: z.number().int(),
  htmlUrl: z.string(),
});

interface RawRelease {
  tag_name: string;
  name: string | null;
  draft: boolean;
  prerelease: boolean;
  published_at: string | null;
  author?: { login: string } | null;
  assets: unknown[];
  html_url: string;
  body?: string | null;
}

function toReleaseRecord(release: RawRelease): z.infer<typeof releaseRecord> {
  return {
    tag: sanitizeName(release.tag_name),
    name: release.name ? sanitizeUntrusted(release.name, { markdown: false }) : null,
    draft: release.draft,
    prerelease: release.prerelease,
    publishedAt: release.published_at,
    author: release.author?.login ? sanitizeName(release.author.login) : null,
    assets: release.assets.length,
    htmlUrl: release.html_url,
  };
}

const releaseLine = (r: z.infer<typeof releaseRecord>) =>
  `${r.tag}${r.name && r.name !== r.tag ? ` "${r.name}"` : ''}${r.prerelease ? ' (pre-release)' : ''}${r.draft ? ' (draft)' : ''} — ${r.publishedAt?.slice(0, 10) ?? 'unpublished'}`;

export const listTags = defineGitHubTool({
  name: 'list_tags',
  title: 'List tags',
  description: 'List tags with the commit each points at.',
  toolset: 'repos',
  input: z.strictObject({ ...repoFields, ...pageFields }),
  output: z.object({ tags: z.array(z.object({ name: z.string(), sha: z.string() })), pagination: pageRecord }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ owner, repo, page, perPage }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data, headers } = await callGitHub(subjectOf(owner, repo, 'the tags'), () =>
      app.github.rest.repos.listTags({ owner, repo, page, per_page: perPage, request: { signal } }),
    );
    const tags = data.map((tag) => ({ name: sanitizeName(tag.name), sha: tag.commit.sha }));
    const pagination = pageOf(headers, page, perPage);
    const head = tags.length === 0 ? `${owner}/${repo} has no tags.` : `${owner}/${repo} tags:`;
    return {
      text: [head, ...tags.map((t) => `${t.name} ${t.sha.slice(0, 7)}`), ...pageNote(pagination)].join('\n'),
      data: { tags, pagination },
    };
  },
});

export const listReleases = defineGitHubTool({
  name: 'list_releases',
  title: 'List releases',
  description: 'List releases, newest first.',
  toolset: 'repos',
  input: z.strictObject({ ...repoFields, ...pageFields }),
  output: z.object({ releases: z.array(releaseRecord), pagination: pageRecord }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ owner, repo, page, perPage }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data, headers } = await callGitHub(subjectOf(owner, repo, 'the releases'), () =>
      app.github.rest.repos.listReleases({ owner, repo, page, per_page: perPage, request: { signal } }),
    );
    const releases = data.map((release) => toReleaseRecord(release as RawRelease));
    const pagination = pageOf(headers, page, perPage);
    const head = releases.length === 0 ? `${owner}/${repo} has no releases.` : `${owner}/${repo} releases:`;
    return { text: [head, ...releases.map(releaseLine), ...pageNote(pagination)].join('\n'), data: { releases, pagination } };
  },
});

export const getLatestRelease = defineGitHubTool({
  name: 'get_latest_release',
  title: 'Get the latest release',
  description: 'Get the latest published release with its notes.',
  toolset: 'repos',
  input: z.strictObject(repoFields),
  output: z.object({ release: releaseRecord, notes: z.string() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ owner, repo }, { app, signal }) {
    app.repos.check(owner, repo);
    const { data } = await callGitHub(subjectOf(owner, repo, 'the latest release'), () =>
      app.github.rest.repos.getLatestRelease({ owner, repo, request: { signal } }),
    );
    const release = toReleaseRecord(data as RawRelease);
    // Only people with push access can publish a release, so lockdown has nothing to
    // withhold here; the notes are sanitized like every other text.
    const notes = capText(sanitizeUntrusted(data.body ?? ''), app.maxBodyChars, release.htmlUrl);
    return {
      text: [releaseLine(release), release.htmlUrl, '', notes.text || '(no release notes)'].join('\n'),
      data: { release, notes: notes.text },
    };
  },
});
