/**
 * Which CommonMark HTML block a line opens (kinds 1–7), and how kinds 1–5 end. The block parser must find
 * HTML blocks exactly where cmark-gfm does, because inside one Markdown stops and a browser reads the text.
 */

import { GREATER_THAN, isMarkdownWhitespace, SLASH } from './character-codes.js';
import { matchCommonMarkTag } from './html-tags.js';

const HTML_BLOCK_TAGS = new Set(
  (
    'address article aside base basefont blockquote body caption center col colgroup dd details dialog dir div dl dt ' +
    'fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr html iframe legend li link ' +
    'main menu menuitem nav noframes ol optgroup option p param section summary table tbody td tfoot th thead title tr track ul'
  ).split(' '),
);

/** End conditions of HTML block kinds 1–5 (kind 1 as in CommonMark 0.29, without `textarea`). */
export const HTML_BLOCK_END: Record<number, RegExp> = {
  1: /<\/(?:script|pre|style)>/i,
  2: /-->/,
  3: /\?>/,
  4: />/,
  5: /\]\]>/,
};

/**
 * The CommonMark HTML block kind (1–7) a line starting with `<` opens, or 0. Where CommonMark 0.29 and
 * 0.31 disagree (`textarea`, `source`, `search`, lowercase declarations) `ambiguous` is called.
 */
export function htmlBlockKind(line: string, ambiguous: () => void): number {
  if (line.startsWith('<!--')) return 2;
  if (line.startsWith('<?')) return 3;
  if (line.startsWith('<![CDATA[')) return 5;
  if (/^<![A-Za-z]/.test(line)) {
    if (!/^<![A-Z]/.test(line)) ambiguous();
    return 4;
  }
  const tag = /^<(\/?)([A-Za-z][A-Za-z0-9-]*)/.exec(line);
  if (tag === null) return 0;
  const closing = tag[1] === '/';
  const name = tag[2]!.toLowerCase();
  const after = line.charCodeAt(tag[0].length);
  const nameEnds = Number.isNaN(after) || after === GREATER_THAN || isMarkdownWhitespace(after);
  if (!closing && nameEnds && (name === 'script' || name === 'pre' || name === 'style')) return 1;
  if (name === 'textarea') ambiguous();
  if (!closing && nameEnds && name === 'textarea') return 1;
  const nameEndsBlock = nameEnds || (after === SLASH && line.charCodeAt(tag[0].length + 1) === GREATER_THAN);
  if (nameEndsBlock && HTML_BLOCK_TAGS.has(name)) return 6;
  if (nameEndsBlock && (name === 'source' || name === 'search')) {
    ambiguous();
    return 6;
  }
  // cmark and commonmark.js do not apply the spec's "not script, style or pre" here: `</pre>` alone opens one.
  const end = matchCommonMarkTag(line, 0, line.length);
  return end > 0 && /^[ \t]*$/.test(line.slice(end)) ? 7 : 0;
}
