/**
 * Untrusted text from GitHub (issue and pull request bodies, comments, reviews, commit messages, file and
 * branch names) is sanitised before a model reads it, so that what reaches the model is what a person
 * looking at GitHub could see:
 *
 * - Invisible characters are removed: zero-width and bidirectional controls, Unicode tag characters,
 *   variation selectors that smuggle bytes, interlinear annotations, Hangul fillers, C0/C1 controls
 *   (`removeInvisibleCharacters` says which joiners and selectors stay, and why).
 * - In Markdown, what GitHub's renderer would hide is removed or made inert: HTML comments, processing
 *   instructions and declarations are removed; fenced-code info strings are cut back to a language name;
 *   raw HTML tags outside a small allow-list are escaped with their attributes dropped, and allowed tags
 *   keep only harmless attributes; `<img>` becomes `[image: alt]`; link reference definitions no link
 *   uses (the `[//]: # (hidden)` trick) are removed, used ones lose their title; link titles are dropped;
 *   links, images and autolinks to `javascript:`, `data:` and other non-web schemes, and links with no
 *   visible text, stop being links.
 * - Code (fenced, indented, inline spans) is left exactly as written, apart from invisible characters.
 *
 * "Is this code?" must be answered the way GitHub answers it, or a comment an attacker wraps in what only
 * looks like code would reach the model while staying hidden from people. So the Markdown is parsed with a
 * CommonMark block and inline scanner (with GFM tables), and a code span is trusted only if it is one
 * under every reading GitHub's cmark-gfm may apply (CommonMark 0.29 and 0.31 HTML rules, cmark's backtick
 * cache). Where behaviour is not modelled (footnotes, some constructs versions read differently, nesting
 * beyond 100 containers) or the input is adversarially expensive, the whole text falls back to removing
 * everything that could be hidden and escaping every `<` and `[`, code included: lossy, but nothing hidden
 * is shown. Each pass is linear, bounded by a work budget; passes repeat until nothing changes, so
 * sanitising the output again returns it unchanged.
 *
 * This file is the entry point; the steps live beside it: `invisible-characters.ts`, then
 * `markdown-passes.ts`, which drives `markdown-blocks.ts` and `markdown-inline.ts` and falls back to
 * `escape-fallback.ts`.
 */

import { removeInvisibleCharacters } from './invisible-characters.js';
import { neutraliseMarkdown } from './markdown-passes.js';

/** Options for {@link sanitizeUntrusted}. */
export interface SanitizeOptions {
  /** Treat the text as GitHub-flavoured Markdown and neutralise what GitHub's renderer would hide. Default: `true`. */
  markdown?: boolean;
}

/** What sanitising removed or neutralised, for notes such as "(3 hidden characters removed)". */
export interface SanitizeRemovals {
  /** Invisible, bidirectional, tag and control characters removed, also when written as HTML entities. */
  invisible: number;
  /** HTML comments, tags, declarations, link reference definitions, link titles and unsafe links neutralised. */
  html: number;
  /** Fenced-code info strings cut back to a language name. */
  fenceInfo: number;
}

/** The sanitised text and what was taken out of it. */
export interface SanitizeReport {
  text: string;
  removed: SanitizeRemovals;
}

/** Sanitises untrusted text for a model to read; Markdown unless `options.markdown` is `false`. */
export function sanitizeUntrusted(text: string, options?: SanitizeOptions): string {
  return sanitizeUntrustedWithReport(text, options).text;
}

/** Like {@link sanitizeUntrusted}, and also counts what was removed. */
export function sanitizeUntrustedWithReport(text: string, options: SanitizeOptions = {}): SanitizeReport {
  const { markdown = true } = options;
  const removed: SanitizeRemovals = { invisible: 0, html: 0, fenceInfo: 0 };
  const visible = removeInvisibleCharacters(text, 'text', removed);
  return { text: markdown ? neutraliseMarkdown(visible, removed) : visible, removed };
}

/**
 * Sanitises a name shown inside a line of output (file path, branch, login, label): invisible and
 * control characters removed, and line breaks and tabs turned into spaces so the name cannot start a
 * line of its own. No Markdown handling.
 */
export function sanitizeName(text: string): string {
  return removeInvisibleCharacters(text, 'name', { invisible: 0, html: 0, fenceInfo: 0 });
}
