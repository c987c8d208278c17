import { z } from 'zod';

/**
 * Arguments the GitHub tools share, checked before any call: GitHub's own rules for
 * owner and repository names, so a path-like or empty name never reaches a URL.
 */
// Checked with refine rather than regex: the rule guards URLs, and a pattern in the JSON
// Schema would cost every `tools/list` bytes without helping a model write a name. No
// descriptions either: `owner` and `repo` say what they are.
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;

export const ownerField = z.string().refine((name) => LOGIN.test(name), 'a GitHub user or organization name, like "octo-org"');

export const repoField = z
  .string()
  .refine((name) => /^[A-Za-z0-9._-]{1,100}$/.test(name) && name !== '.' && name !== '..', 'a repository name, like "hello-world"');

export const repoFields = { owner: ownerField, repo: repoField };

export const issueNumberField = z.number().int().positive();

/** A GitHub login, checked like `ownerField` (a refine, so the listing carries no pattern). */
export const loginField = z.string().refine((name) => LOGIN.test(name), 'a GitHub login');

/** A git ref: branch, tag or commit sha. */
export const refField = z
  .string()
  .min(1)
  .max(255)
  .refine((ref) => !/[\s~^:?*[\\]|\.\.|@\{|\/\/|^\/|\/$|\.lock$/.test(ref), 'a branch, tag or commit sha')
  .describe('Branch, tag or sha');

export const userRecord = z.object({ login: z.string(), htmlUrl: z.string().optional() });

export function subjectOf(owner: string, repo: string, what?: string): string {
  return what ? `${what} in ${owner}/${repo}` : `${owner}/${repo}`;
}
