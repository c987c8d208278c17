/**
 * CommonMark block structure (container and leaf blocks) with GFM tables, after commonmark.js. It renders
 * nothing: it cuts the text into regions (paragraphs, headings, table rows, HTML blocks, fence info
 * strings) so each can be neutralised the way GitHub will read it, and so code blocks are left alone.
 */

import {
  BACKTICK,
  CARET,
  CLOSE_PAREN,
  DASH,
  DOT,
  EQUALS,
  GREATER_THAN,
  HASH,
  isDigit,
  isMarkdownWhitespace,
  isSpaceOrTab,
  LESS_THAN,
  OPEN_BRACKET,
  PLUS,
  SPACE,
  STAR,
  TAB,
  TILDE,
  UNDERSCORE,
} from './character-codes.js';
import { HTML_BLOCK_END, htmlBlockKind } from './html-blocks.js';
import { type RegionContent, regionContent, type Span, trimmedSpan } from './markdown-edits.js';
import { parseReferenceDefinitions, type ReferenceDefinitions } from './markdown-links.js';
import { delimiterRowColumns, tableCells } from './markdown-tables.js';
import type { WorkBudget } from './work-budget.js';

/** CommonMark implementations cap container nesting; beyond this the renderer's reading is not modelled. */
const MAX_CONTAINER_DEPTH = 100;

/** A part of the document to neutralise. A code block yields only its info string, so its code stays as written. */
export type Region =
  | { kind: 'paragraph'; content: RegionContent; definitions: ReferenceDefinitions }
  | { kind: 'heading'; content: RegionContent }
  | { kind: 'table'; rows: Span[] }
  | { kind: 'html'; lines: Span[] }
  | { kind: 'fenceInfo'; info: Span };

type OpenBlock =
  | { type: 'document' }
  | { type: 'blockquote' }
  | { type: 'item'; contentIndent: number; hasChildren: boolean }
  | { type: 'paragraph'; lines: Span[] }
  | { type: 'table'; rows: Span[] }
  | { type: 'fence'; marker: number; length: number; indent: number }
  | { type: 'indented' }
  | { type: 'html'; kind: number; lines: Span[] }
  | { type: 'leaf' };

/** How an open block takes a new line: it continues, it does not, or the line closed it (a fence). */
type Continuation = 'matched' | 'failed' | 'done';
/** What a line opened: nothing, a container (more may open inside it), or a leaf. */
type Start = 'none' | 'container' | 'leaf';

/** Cuts a document into regions line by line, as commonmark.js's block parser does. */
export class BlockParser {
  readonly regions: Region[] = [];
  readonly refLabels = new Set<string>();
  /** Set when the text uses something whose rendering this parser does not pin down. */
  ambiguous = false;

  private readonly open: OpenBlock[] = [{ type: 'document' }];
  private readonly flagAmbiguous = (): void => {
    this.ambiguous = true;
  };
  private lineEnd = 0;
  private offset = 0;
  private column = 0;
  private nextNonspace = 0;
  private nextNonspaceColumn = 0;
  private indent = 0;
  private indented = false;
  private blank = false;
  private allClosed = true;
  private lastMatched = 0;
  private thematicBreakKill = { line: -1, marker: 0, at: 0 };

  constructor(
    private readonly text: string,
    private readonly budget: WorkBudget,
  ) {}

  parse(): void {
    let start = 0;
    for (;;) {
      const newline = this.text.indexOf('\n', start);
      const end = newline < 0 ? this.text.length : newline;
      this.incorporateLine(start, end);
      // The pass is abandoned anyway: stop spending work on it.
      if (newline < 0 || this.ambiguous) break;
      start = newline + 1;
    }
    while (this.open.length > 1) this.finalize(this.open.pop()!);
  }

  private get tip(): OpenBlock {
    return this.open[this.open.length - 1]!;
  }

  private incorporateLine(lineStart: number, lineEnd: number): void {
    this.lineEnd = lineEnd;
    this.offset = lineStart;
    this.column = 0;
    this.budget.spend(this.open.length + 1);

    let matched = 1;
    for (; matched < this.open.length; matched++) {
      this.findNextNonspace();
      const result = this.continueBlock(this.open[matched]!);
      if (result === 'done') return;
      if (result === 'failed') break;
    }
    this.lastMatched = matched - 1;
    this.allClosed = matched === this.open.length;

    let container = this.open[this.lastMatched]!;
    let matchedLeaf = container.type === 'fence' || container.type === 'indented' || container.type === 'html';
    while (!matchedLeaf) {
      this.findNextNonspace();
      const result = this.startBlock(container);
      if (result === 'none') {
        this.advanceNextNonspace();
        break;
      }
      container = this.tip;
      if (result === 'leaf') matchedLeaf = true;
    }

    const line: Span = { start: this.offset, end: lineEnd };
    const tip = this.tip;
    if (!this.allClosed && !this.blank && tip.type === 'paragraph') {
      tip.lines.push(line); // lazy continuation
      return;
    }
    this.closeUnmatched();
    switch (container.type) {
      case 'paragraph':
        container.lines.push(line);
        break;
      case 'table':
        container.rows.push(line);
        break;
      case 'html': {
        container.lines.push(line);
        const rest = this.text.slice(this.offset, lineEnd);
        if (container.kind === 1 && /<\/textarea>/i.test(rest)) this.ambiguous = true;
        if (container.kind <= 5 && HTML_BLOCK_END[container.kind]!.test(rest)) this.finalize(this.open.pop()!);
        break;
      }
      case 'fence':
      case 'indented':
      case 'leaf':
        break;
      default:
        if (this.offset < lineEnd && !this.blank) {
          this.addChild({ type: 'paragraph', lines: [{ start: this.nextNonspace, end: lineEnd }] });
        }
    }
  }

  private continueBlock(block: OpenBlock): Continuation {
    switch (block.type) {
      case 'blockquote':
        if (this.indented || this.charAt(this.nextNonspace) !== GREATER_THAN) return 'failed';
        this.advanceNextNonspace();
        this.advanceOffset(1, false);
        if (isSpaceOrTab(this.charAt(this.offset))) this.advanceOffset(1, true);
        return 'matched';
      case 'item':
        if (this.blank) {
          if (!block.hasChildren) return 'failed';
          this.advanceNextNonspace();
          return 'matched';
        }
        if (this.indent >= block.contentIndent) {
          this.advanceOffset(block.contentIndent, true);
          return 'matched';
        }
        return 'failed';
      case 'fence': {
        if (this.indent <= 3 && this.charAt(this.nextNonspace) === block.marker) {
          const run = this.runLength(this.nextNonspace, block.marker);
          if (run >= block.length && this.restIsBlank(this.nextNonspace + run)) {
            this.open.pop();
            return 'done';
          }
        }
        let skip = block.indent;
        while (skip > 0 && isSpaceOrTab(this.charAt(this.offset))) {
          this.advanceOffset(1, true);
          skip--;
        }
        return 'matched';
      }
      case 'indented':
        if (this.indent >= 4) {
          this.advanceOffset(4, true);
          return 'matched';
        }
        if (this.blank) {
          this.advanceNextNonspace();
          return 'matched';
        }
        return 'failed';
      case 'html':
        return this.blank && (block.kind === 6 || block.kind === 7) ? 'failed' : 'matched';
      case 'paragraph':
      case 'table':
        return this.blank ? 'failed' : 'matched';
      default:
        return 'failed';
    }
  }

  private startBlock(container: OpenBlock): Start {
    const at = this.nextNonspace;
    const first = this.charAt(at);
    if (!this.indented) {
      if (first === GREATER_THAN) {
        this.advanceNextNonspace();
        this.advanceOffset(1, false);
        if (isSpaceOrTab(this.charAt(this.offset))) this.advanceOffset(1, true);
        this.closeUnmatched();
        this.addChild({ type: 'blockquote' });
        return 'container';
      }
      if (first === HASH) {
        const level = this.runLength(at, HASH);
        const after = this.charAt(at + level);
        if (level <= 6 && (after === -1 || isSpaceOrTab(after))) {
          this.closeUnmatched();
          this.addChild({ type: 'leaf' });
          this.regions.push({ kind: 'heading', content: regionContent(this.text, [{ start: at + level, end: this.lineEnd }]) });
          this.offset = this.lineEnd;
          return 'leaf';
        }
      }
      if (first === BACKTICK || first === TILDE) {
        const length = this.runLength(at, first);
        const backtickInInfo = first === BACKTICK && this.text.slice(at + length, this.lineEnd).includes('`');
        if (length >= 3 && !backtickInInfo) {
          this.closeUnmatched();
          this.addChild({ type: 'fence', marker: first, length, indent: this.indent });
          this.advanceNextNonspace();
          this.advanceOffset(length, false);
          const info = trimmedSpan(this.text, this.offset, this.lineEnd);
          if (info.end > info.start) this.regions.push({ kind: 'fenceInfo', info });
          this.offset = this.lineEnd;
          return 'leaf';
        }
      }
      if (first === LESS_THAN) {
        const kind = htmlBlockKind(this.text.slice(at, this.lineEnd), () => {
          this.ambiguous = true;
        });
        const tip = this.tip;
        const interruptsParagraph = container.type === 'paragraph' || (!this.allClosed && !this.blank && tip.type === 'paragraph');
        if (kind > 0 && (kind < 7 || !interruptsParagraph)) {
          this.closeUnmatched();
          this.addChild({ type: 'html', kind, lines: [] });
          return 'leaf';
        }
      }
      if (container.type === 'paragraph' && (first === EQUALS || first === DASH) && this.isSetextUnderline(at, first)) {
        this.closeUnmatched();
        const content = regionContent(this.text, container.lines);
        const definitions = parseReferenceDefinitions(content.text, this.budget, this.flagAmbiguous);
        if (definitions.end < content.text.length) {
          for (const definition of definitions.definitions) this.refLabels.add(definition.label);
          this.open.pop();
          this.regions.push({ kind: 'paragraph', content, definitions });
          this.addChild({ type: 'leaf' });
          this.offset = this.lineEnd;
          return 'leaf';
        }
      }
      if ((first === STAR || first === UNDERSCORE || first === DASH) && this.isThematicBreak(at, first)) {
        this.closeUnmatched();
        this.addChild({ type: 'leaf' });
        this.offset = this.lineEnd;
        return 'leaf';
      }
      // cmark-gfm footnote definitions are containers with their own rules; not modelled.
      if (first === OPEN_BRACKET && this.charAt(at + 1) === CARET && /^\[\^[^\]\s]+\]:/.test(this.text.slice(at, this.lineEnd))) {
        this.ambiguous = true;
      }
      const item = this.listItemStart(container);
      if (item !== undefined) {
        this.closeUnmatched();
        this.addChild({ type: 'item', contentIndent: item, hasChildren: false });
        return 'container';
      }
    }
    if (this.indented && this.tip.type !== 'paragraph' && !this.blank) {
      this.advanceOffset(4, true);
      this.closeUnmatched();
      this.addChild({ type: 'indented' });
      return 'leaf';
    }
    if (!this.indented && container.type === 'paragraph' && this.startsTable(container)) return 'leaf';
    return 'none';
  }

  /** GFM: a delimiter row under a paragraph line with as many cells turns that line into a table header. */
  private startsTable(paragraph: { lines: Span[] }): boolean {
    const columns = delimiterRowColumns(this.text, this.nextNonspace, this.lineEnd);
    const header = paragraph.lines[paragraph.lines.length - 1];
    if (columns === 0 || header === undefined || tableCells(this.text, header.start, header.end).length !== columns) return false;
    this.closeUnmatched();
    this.open.pop();
    if (paragraph.lines.length > 1) this.finishParagraph(paragraph.lines.slice(0, -1));
    this.addChild({ type: 'table', rows: [header] });
    this.offset = this.lineEnd;
    return true;
  }

  /** Returns the new item's content indent, after commonmark.js `parseListMarker`. */
  private listItemStart(container: OpenBlock): number | undefined {
    if (this.indent >= 4) return undefined;
    const at = this.nextNonspace;
    const first = this.charAt(at);
    let markerLength: number;
    if (first === STAR || first === PLUS || first === DASH) {
      markerLength = 1;
    } else if (isDigit(first)) {
      let digits = 1;
      while (digits < 9 && isDigit(this.charAt(at + digits))) digits++;
      const delimiter = this.charAt(at + digits);
      if (delimiter !== DOT && delimiter !== CLOSE_PAREN) return undefined;
      if (container.type === 'paragraph' && Number(this.text.slice(at, at + digits)) !== 1) return undefined;
      markerLength = digits + 1;
    } else {
      return undefined;
    }
    const after = this.charAt(at + markerLength);
    if (after !== -1 && !isSpaceOrTab(after)) return undefined;
    if (container.type === 'paragraph' && this.restIsBlank(at + markerLength)) return undefined;

    const markerOffset = this.indent;
    this.advanceNextNonspace();
    this.advanceOffset(markerLength, true);
    const spacesStartColumn = this.column;
    const spacesStartOffset = this.offset;
    do {
      this.advanceOffset(1, true);
    } while (this.column - spacesStartColumn < 5 && isSpaceOrTab(this.charAt(this.offset)));
    const blankItem = this.charAt(this.offset) === -1;
    const spacesAfterMarker = this.column - spacesStartColumn;
    let padding: number;
    if (spacesAfterMarker >= 5 || spacesAfterMarker < 1 || blankItem) {
      padding = markerLength + 1;
      this.column = spacesStartColumn;
      this.offset = spacesStartOffset;
      if (isSpaceOrTab(this.charAt(this.offset))) this.advanceOffset(1, true);
    } else {
      padding = markerLength + spacesAfterMarker;
    }
    return markerOffset + padding;
  }

  private isSetextUnderline(at: number, marker: number): boolean {
    const end = at + this.runLength(at, marker);
    return this.restIsBlank(end);
  }

  private isThematicBreak(at: number, marker: number): boolean {
    // A line of nested list markers (`- - - … x`) would be rescanned from every marker; like cmark, remember
    // where the last scan of this line failed.
    if (this.thematicBreakKill.line === this.lineEnd && this.thematicBreakKill.marker === marker && at < this.thematicBreakKill.at) {
      return false;
    }
    let count = 0;
    for (let index = at; index < this.lineEnd; index++) {
      const code = this.text.charCodeAt(index);
      if (code === marker) count++;
      else if (!isSpaceOrTab(code)) {
        this.budget.spend(index - at);
        this.thematicBreakKill = { line: this.lineEnd, marker, at: index };
        return false;
      }
    }
    this.budget.spend(this.lineEnd - at);
    return count >= 3;
  }

  private addChild(block: OpenBlock): void {
    let tip = this.tip;
    while (tip.type !== 'document' && tip.type !== 'blockquote' && tip.type !== 'item') {
      this.finalize(this.open.pop()!);
      tip = this.tip;
    }
    if (tip.type === 'item') tip.hasChildren = true;
    if ((block.type === 'blockquote' || block.type === 'item') && this.open.length > MAX_CONTAINER_DEPTH) this.ambiguous = true;
    this.open.push(block);
  }

  private closeUnmatched(): void {
    if (this.allClosed) return;
    while (this.open.length - 1 > this.lastMatched) this.finalize(this.open.pop()!);
    this.allClosed = true;
  }

  private finalize(block: OpenBlock): void {
    if (block.type === 'paragraph') this.finishParagraph(block.lines);
    else if (block.type === 'table') this.regions.push({ kind: 'table', rows: block.rows });
    else if (block.type === 'html') this.regions.push({ kind: 'html', lines: block.lines });
  }

  private finishParagraph(lines: Span[]): void {
    const content = regionContent(this.text, lines);
    const definitions = parseReferenceDefinitions(content.text, this.budget, this.flagAmbiguous);
    for (const definition of definitions.definitions) this.refLabels.add(definition.label);
    this.regions.push({ kind: 'paragraph', content, definitions });
  }

  private charAt(index: number): number {
    return index < this.lineEnd ? this.text.charCodeAt(index) : -1;
  }

  private runLength(at: number, code: number): number {
    let end = at;
    while (end < this.lineEnd && this.text.charCodeAt(end) === code) end++;
    return end - at;
  }

  private restIsBlank(from: number): boolean {
    for (let index = from; index < this.lineEnd; index++) {
      if (!isMarkdownWhitespace(this.text.charCodeAt(index))) return false;
    }
    return true;
  }

  private findNextNonspace(): void {
    let index = this.offset;
    let columns = this.column;
    while (index < this.lineEnd) {
      const code = this.text.charCodeAt(index);
      if (code === SPACE) columns++;
      else if (code === TAB) columns += 4 - (columns % 4);
      else break;
      index++;
    }
    this.blank = index >= this.lineEnd;
    this.nextNonspace = index;
    this.nextNonspaceColumn = columns;
    this.indent = columns - this.column;
    this.indented = this.indent >= 4;
  }

  private advanceNextNonspace(): void {
    this.offset = this.nextNonspace;
    this.column = this.nextNonspaceColumn;
  }

  /** Advances by characters or, with `columns`, by columns, consuming a tab partly where needed. */
  private advanceOffset(count: number, columns: boolean): void {
    let remaining = count;
    while (remaining > 0 && this.offset < this.lineEnd) {
      if (this.text.charCodeAt(this.offset) === TAB) {
        const toTabStop = 4 - (this.column % 4);
        if (columns) {
          const partial = toTabStop > remaining;
          const advance = partial ? remaining : toTabStop;
          this.column += advance;
          if (!partial) this.offset++;
          remaining -= advance;
        } else {
          this.column += toTabStop;
          this.offset++;
          remaining--;
        }
      } else {
        this.offset++;
        this.column++;
        remaining--;
      }
    }
  }
}
