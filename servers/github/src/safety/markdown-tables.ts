/** GFM tables: splitting a row into cells, and the delimiter row that turns a paragraph line into a header. */

import { BACKSLASH, COLON, DASH, PIPE } from './character-codes.js';
import { type Span, trimmedSpan } from './markdown-edits.js';

/** Cells of a table row, split at pipes not preceded by a backslash (cmark-gfm's rule), edge pipes dropped. */
export function tableCells(text: string, start: number, end: number): Span[] {
  const row = trimmedSpan(text, start, end);
  let from = row.start;
  if (text.charCodeAt(from) === PIPE) from++;
  const cells: Span[] = [];
  let cellStart = from;
  for (let index = from; index < row.end; index++) {
    if (text.charCodeAt(index) === PIPE && text.charCodeAt(index - 1) !== BACKSLASH) {
      cells.push({ start: cellStart, end: index });
      cellStart = index + 1;
    }
  }
  if (cellStart < row.end || cells.length === 0) cells.push({ start: cellStart, end: row.end });
  return cells;
}

/** Number of columns of a GFM delimiter row (`| --- | :-: |`), or 0 when the line is not one. */
export function delimiterRowColumns(text: string, start: number, end: number): number {
  const cells = tableCells(text, start, end);
  for (const cell of cells) {
    const { start: from, end: to } = trimmedSpan(text, cell.start, cell.end);
    let index = from;
    if (text.charCodeAt(index) === COLON) index++;
    const dashes = index;
    while (index < to && text.charCodeAt(index) === DASH) index++;
    if (index === dashes) return 0;
    if (index < to && text.charCodeAt(index) === COLON) index++;
    if (index !== to) return 0;
  }
  return cells.length;
}
