import { z } from 'zod';
import { sanitizeName, sanitizeUntrusted } from '../safety/sanitize-text.js';

/** A pull request as the listing and reading tools return it. */
export const pullRecord = z.object({
  number: z.number().int(),
  title: z.string(),
  state: z.string(),
  draft: z.boolean(),
  merged: z.boolean(),
  author: z.string().nullable(),
  head: z.string(),
  base: z.string(),
  headSha: z.string(),
  updatedAt: z.string(),
  htmlUrl: z.string(),
});
export type PullRecord = z.infer<typeof pullRecord>;

export interface RawPull {
  number: number;
  title: string;
  state: string;
  draft?: boolean;
  merged_at: string | null;
  user?: { login: string } | null;
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
  updated_at: string;
  html_url: string;
}

export function toPullRecord(pull: RawPull): PullRecord {
  return {
    number: pull.number,
    title: sanitizeUntrusted(pull.title, { markdown: false }),
    state: pull.state,
    draft: pull.draft === true,
    merged: pull.merged_at !== null,
    author: pull.user?.login ? sanitizeName(pull.user.login) : null,
    head: sanitizeName(pull.head.ref),
    base: sanitizeName(pull.base.ref),
    headSha: pull.head.sha,
    updatedAt: pull.updated_at,
    htmlUrl: pull.html_url,
  };
}

/** "#31 [open, draft] Add feature flags (dev → main) by @hubot" */
export function pullLine(pull: PullRecord): string {
  const state = pull.merged ? 'merged' : pull.draft ? `${pull.state}, draft` : pull.state;
  return `#${pull.number} [${state}] ${pull.title} (${pull.head} → ${pull.base})${pull.author ? ` by @${pull.author}` : ''}`;
}
