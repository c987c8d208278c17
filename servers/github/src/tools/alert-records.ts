import { forbidden, isMcpKitError, type McpKitError, notFound } from '@mcpkit/core';
import { z } from 'zod';
import { callGitHub } from '../client/call-github.js';
import { sanitizeUntrusted } from '../safety/sanitize-text.js';
import { subjectOf } from './github-fields.js';

/**
 * What the code scanning, secret scanning and Dependabot tools share: the alert number, the
 * read-only annotations, one-line text, and GitHub's answers for a feature that is off turned
 * into advice (GitHub's 404s say "no analysis found" or "Secret scanning is disabled", which the
 * generic not-found message would hide).
 *
 * Lockdown has nothing to decide here: alert text comes from GitHub's scanners and its reviewed
 * Advisory Database, not from an author whose access could be checked. It is sanitized all the
 * same, since a scanner's message can quote code anyone could have pushed to a pull request.
 */

export const READ = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true } as const;

export const alertNumberField = z.number().int().positive();

/** Untrusted text on one line: sanitized, whitespace folded, cut at `max` characters. */
export function oneLine(text: string | null | undefined, max = 300): string {
  const flat = sanitizeUntrusted(text ?? '', { markdown: false })
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** "src/greet.ts:3", or "src/greet.ts:3-9" when the location spans lines. */
export function locationOf(path: string, start: number | undefined, end: number | undefined): string {
  if (start === undefined) return path;
  return end !== undefined && end !== start ? `${path}:${start}-${end}` : `${path}:${start}`;
}

const FEATURE_OFF: Array<{
  reason: RegExp;
  explain: (repo: string, options: { details?: Record<string, unknown>; cause: unknown }) => McpKitError;
}> = [
  {
    reason: /^no analysis found/i,
    explain: (repo, options) =>
      notFound(
        `Code scanning has no analysis for ${repo} (or for the ref asked): it is not set up, or has not run on it yet, so there are no alerts to show.`,
        options,
      ),
  },
  {
    reason: /Advanced Security must be enabled/i,
    explain: (repo, options) =>
      forbidden(
        `Code scanning is not available for ${repo}: this private repository does not have GitHub Advanced Security (Code Security) enabled. A repository admin can enable it in the repository's security settings.`,
        options,
      ),
  },
  {
    reason: /Secret scanning is disabled/i,
    explain: (repo, options) =>
      notFound(
        `Secret scanning is disabled for ${repo}, so it has no secret scanning alerts. A repository admin can enable it in the repository's security settings.`,
        options,
      ),
  },
  {
    reason: /Dependabot alerts are disabled/i,
    explain: (repo, options) =>
      forbidden(
        `Dependabot alerts are disabled for ${repo}. A repository admin can enable them in the repository's security settings.`,
        options,
      ),
  },
];

/** `callGitHub` for an alert endpoint: a feature that is off is said as such. */
export async function callAlerts<T>(owner: string, repo: string, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await callGitHub(subjectOf(owner, repo, what), call);
  } catch (error) {
    const reason = isMcpKitError(error) ? error.details?.reason : undefined;
    const known = typeof reason === 'string' ? FEATURE_OFF.find((entry) => entry.reason.test(reason)) : undefined;
    if (!known || !isMcpKitError(error)) throw error;
    throw known.explain(`${owner}/${repo}`, { ...(error.details && { details: error.details }), cause: error });
  }
}
