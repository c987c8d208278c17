/**
 * The Markdown half of sanitising: parse the blocks, walk each region, apply the edits, and repeat until
 * the text stops changing, so that sanitising the output again returns it unchanged. A pass that meets a
 * construct whose rendering is not modelled, or runs out of work budget, sends the text to the
 * escape-everything fallback instead.
 */

import { escapeEverything } from './escape-fallback.js';
import { neutraliseFenceInfo } from './fence-info.js';
import { neutraliseHtml } from './html-tags.js';
import { isSafeLinkDestination } from './link-destinations.js';
import { BlockParser, type Region } from './markdown-blocks.js';
import { addEdit, applyEdits, type PassContext, type RegionContent, regionContent } from './markdown-edits.js';
import { planInline } from './markdown-inline.js';
import type { ReferenceDefinition } from './markdown-links.js';
import { tableCells } from './markdown-tables.js';
import type { SanitizeRemovals } from './sanitize-text.js';
import { WorkBudget, WorkBudgetExceeded } from './work-budget.js';

/** Passes before giving up on a text that keeps revealing new constructs as old ones are removed. */
const MAX_MARKDOWN_PASSES = 4;
/** Work units a pass may spend per input character (plus a constant) before the text counts as adversarial; real documents peak near 1.5. */
const WORK_PER_CHARACTER = 12;

/** Neutralises what GitHub's renderer would hide in `text`, adding what it removes to `removed`. */
export function neutraliseMarkdown(text: string, removed: SanitizeRemovals): string {
  let current = text;
  for (let pass = 0; pass <= MAX_MARKDOWN_PASSES; pass++) {
    const counts: SanitizeRemovals = { invisible: 0, html: 0, fenceInfo: 0 };
    const next = markdownPass(current, counts);
    if (next === undefined) break;
    if (next === current) return current;
    if (pass === MAX_MARKDOWN_PASSES) break;
    removed.invisible += counts.invisible;
    removed.html += counts.html;
    removed.fenceInfo += counts.fenceInfo;
    current = next;
  }
  return escapeEverything(current, removed);
}

/** One parse-and-neutralise pass; `undefined` when the text must take the escape-everything fallback. */
function markdownPass(text: string, counts: SanitizeRemovals): string | undefined {
  const budget = new WorkBudget(text.length * WORK_PER_CHARACTER + 10_000);
  try {
    const parser = new BlockParser(text, budget);
    parser.parse();
    if (parser.ambiguous) return undefined;
    const context: PassContext = { source: text, budget, refLabels: parser.refLabels, usedLabels: new Set(), edits: [], ambiguous: false };
    // Whether a reference definition is used is only known once every paragraph has been walked.
    const plans = parser.regions.map((region) => planRegion(region, context));
    if (context.ambiguous) return undefined;
    for (const plan of plans) plan();
    if (context.hiddenFrom !== undefined) context.edits.push({ from: context.hiddenFrom, to: text.length, insert: '', kind: 'html' });
    return applyEdits(text, context.edits, counts);
  } catch (error) {
    if (error instanceof WorkBudgetExceeded) return undefined;
    throw error;
  }
}

/** Runs the structural walks of a region now, and returns the step that records its edits. */
function planRegion(region: Region, context: PassContext): () => void {
  switch (region.kind) {
    case 'fenceInfo':
      return () => neutraliseFenceInfo(region.info, context);
    case 'heading':
      return planInline(region.content, 0, region.content.text.length, context);
    case 'paragraph': {
      const { content, definitions } = region;
      const inline = planInline(content, definitions.end, content.text.length, context);
      return () => {
        for (const definition of definitions.definitions) neutraliseDefinition(content, definition, context);
        inline();
      };
    }
    case 'table': {
      const cells = region.rows.flatMap((row) => {
        const content = regionContent(context.source, [row]);
        return tableCells(content.text, 0, content.text.length).map((cell) => planInline(content, cell.start, cell.end, context));
      });
      return () => {
        for (const cell of cells) cell();
      };
    }
    case 'html':
      return () => neutraliseHtml(regionContent(context.source, region.lines), context);
  }
}

/**
 * Link reference definitions are never rendered. One no link uses (the `[//]: # (note)` trick) or one
 * pointing somewhere unsafe is removed; a used one loses its title, which only shows on hover.
 */
function neutraliseDefinition(content: RegionContent, definition: ReferenceDefinition, context: PassContext): void {
  const destination = content.text.slice(definition.destination.start, definition.destination.end);
  if (!context.usedLabels.has(definition.label) || !isSafeLinkDestination(destination)) {
    addEdit(context, content, definition.span.start, definition.span.end, '', 'html');
  } else if (definition.title !== undefined) {
    addEdit(context, content, definition.title.start, definition.title.end, '', 'html');
  }
}
