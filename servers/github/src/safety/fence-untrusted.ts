import { randomBytes } from 'node:crypto';
import { sanitizeName, sanitizeUntrusted } from './sanitize-text.js';

/** Who wrote a piece of untrusted content, and what it is. */
export interface UntrustedSource {
  /** GitHub login of the author, without `@`. */
  author: string;
  /** What the content is, as a reader would say it: `issue body`, `issue comment`, `review comment`. */
  kind: string;
}

/** Content withheld by lockdown mode, and why. */
export interface WithheldSource extends UntrustedSource {
  /** `owner/repo`. */
  repository: string;
  /**
   * `no-push-access` (default): the author was checked and cannot push to the repository.
   * `access-unknown`: the check failed, and lockdown fails closed.
   * `not-own`: content outside any repository (a gist) by someone other than the token's account.
   */
  reason?: 'no-push-access' | 'access-unknown' | 'not-own';
}

/**
 * A `<` (or a look-alike a model may read as one) that starts something resembling a fence marker,
 * `<untrusted-…>` or `</untrusted-…>`, with any spacing or slash in between.
 */
const MARKER_LOOK_ALIKE = /[<\uFF1C\uFE64\u2039\u2329\u27E8\u3008](?=[\s/\uFF0F]*untrusted)/giu;

/**
 * Wraps untrusted content so a model reads it as data from a named author, not as instructions:
 *
 * ```
 * <untrusted-3f9a1c7e5b2d4f60 author="@octocat" kind="issue comment">
 * …content…
 * </untrusted-3f9a1c7e5b2d4f60>
 * ```
 *
 * The marker carries a fresh random nonce per call, so content cannot close the fence early by
 * guessing it; anything in the content that looks like a marker (any nonce, any case, full-width or
 * angle-quote brackets) has its `<` escaped, so it reads as text. Invisible characters are removed first,
 * so none can hide inside a look-alike. Sanitise Markdown with `sanitizeUntrusted` before fencing.
 */
export function fenceUntrusted(text: string, source: UntrustedSource): string {
  const body = sanitizeUntrusted(text, { markdown: false }).replace(MARKER_LOOK_ALIKE, '&lt;');
  let nonce = randomBytes(8).toString('hex');
  while (body.includes(nonce)) nonce = randomBytes(8).toString('hex');
  const marker = `untrusted-${nonce}`;
  const separator = body === '' || body.endsWith('\n') ? '' : '\n';
  return `<${marker} author="@${attributeText(source.author)}" kind="${attributeText(source.kind)}">\n${body}${separator}</${marker}>`;
}

/** The one line shown instead of content that lockdown mode withholds. */
export function withheldNotice(source: WithheldSource): string {
  const kind = lineText(source.kind);
  const author = lineText(source.author.replace(/^@/, ''));
  const repository = lineText(source.repository);
  if (source.reason === 'not-own') {
    return `[withheld ${kind}: written by @${author}, not by this token's account; lockdown mode hides content it cannot vouch for]`;
  }
  if (source.reason === 'access-unknown') {
    return `[withheld ${kind}: could not check whether @${author} has push access to ${repository}; lockdown mode hides content it cannot vouch for]`;
  }
  return `[withheld ${kind}: @${author} has no push access to ${repository}; lockdown mode hides content from such authors]`;
}

const MAX_LABEL_LENGTH = 100;

function lineText(value: string): string {
  const text = sanitizeName(value).trim().slice(0, MAX_LABEL_LENGTH);
  return text === '' ? 'unknown' : text;
}

/** Safe inside a double-quoted attribute of the marker: no quotes, brackets or ampersands. */
function attributeText(value: string): string {
  const text = lineText(value.replace(/^@/, '')).replace(/["<>&\uFF1C\uFF1E]/g, '');
  return text === '' ? 'unknown' : text;
}
