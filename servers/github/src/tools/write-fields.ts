import { isMcpKitError, McpKitError } from '@mcpkit/core';
import { z } from 'zod';

/**
 * Arguments of the tools that write files and branches, checked before any call. A path that
 * climbs out (`../x`), starts at the root (`/x`) or reaches into `.git` never reaches GitHub:
 * GitHub would refuse most of them, but a refusal after a half-made push is worse than none.
 */

/** Whether the text holds a C0 control character or DEL (tab and newline included). */
function hasControl(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Why a repository path is refused, or undefined when it is a plain relative path. */
export function pathProblem(path: string): string | undefined {
  if (path === '') return 'is empty';
  if (path.startsWith('/')) return 'starts with "/" (give it relative to the repository root)';
  if (path.endsWith('/')) return 'ends with "/" (name a file)';
  if (hasControl(path) || path.includes('\\')) return 'holds a control character or a backslash';
  const parts = path.split('/');
  if (parts.some((part) => part === '')) return 'has an empty segment ("//")';
  if (parts.some((part) => part === '.' || part === '..')) return 'has a "." or ".." segment';
  if (parts.some((part) => part.toLowerCase() === '.git')) return 'reaches into .git';
  return undefined;
}

export const filePathField = z
  .string()
  .max(1024)
  .superRefine((path, ctx) => {
    const problem = pathProblem(path);
    if (problem) ctx.addIssue({ code: 'custom', message: `the path "${path.slice(0, 100)}" ${problem}` });
  });

/** A branch name as git allows it (the ref rules of `git check-ref-format`). */
export const branchField = z
  .string()
  .min(1)
  .max(255)
  .refine(
    (name) => !hasControl(name) && !/[\s~^:?*[\\]|\.\.|@\{|\/\/|^[/.-]|\/\.|\/$|\.$|\.lock$|^@$/.test(name),
    'a branch name, like "main" or "feature/login"',
  );

/** A git object id (40 hex digits), as `get_file_contents` reports a file's sha. */
export const shaField = z.string().refine((sha) => /^[0-9a-f]{40}$/i.test(sha), 'a 40-character hex sha');

/** The HTTP status GitHub answered with, when `error` is one of its refusals mapped by callGitHub. */
export function githubStatus(error: unknown): number | undefined {
  const status = isMcpKitError(error) ? error.details?.status : undefined;
  return typeof status === 'number' ? status : undefined;
}

/** GitHub's own reason for a refusal ("Update is not a fast forward"), when callGitHub kept one. */
export function githubReason(error: unknown): string {
  const reason = isMcpKitError(error) ? error.details?.reason : undefined;
  return typeof reason === 'string' ? reason : '';
}

/** The same error (code, details, retry time) with a message that says more. */
export function restated(error: McpKitError, message: string): McpKitError {
  return new McpKitError(error.code, message, {
    cause: error,
    ...(error.details && { details: error.details }),
    ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }),
  });
}
