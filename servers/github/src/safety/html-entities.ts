/**
 * Character references, matched by Markdown's rules or HTML's. `&zwj;` or `&#x200B;` would bring back an
 * invisible character that is removed when written out, so such entities are removed too (escaped, in the
 * fallback).
 */

import { isRemovableCodePoint } from './invisible-characters.js';

/** Named entities that decode to characters the sanitiser removes. */
export const INVISIBLE_NAMED_ENTITIES = new Set([
  'shy',
  'zwj',
  'zwnj',
  'lrm',
  'rlm',
  'ZeroWidthSpace',
  'NegativeVeryThinSpace',
  'NegativeThinSpace',
  'NegativeMediumSpace',
  'NegativeThickSpace',
  'NoBreak',
  'ApplyFunction',
  'af',
  'InvisibleTimes',
  'it',
  'InvisibleComma',
  'ic',
]);

/**
 * A character reference at `index`. Markdown needs the `;` and caps the digits; HTML does not. An entity
 * is `removable` when it decodes to a character that would have been removed had it been written out.
 */
export function matchEntity(text: string, index: number, end: number, markdown: boolean): { end: number; removable: boolean } | undefined {
  // HTML decodes `&shy` even without its semicolon, and even before letters (`&shyness`).
  if (!markdown && text.startsWith('&shy', index) && text.charCodeAt(index + 4) !== 59 && index + 4 <= end) {
    return { end: index + 4, removable: true };
  }
  const pattern = markdown
    ? /&(?:#[xX]([0-9a-fA-F]{1,6});|#([0-9]{1,7});|([A-Za-z][A-Za-z0-9]{1,31});)/y
    : /&(?:#[xX]([0-9a-fA-F]+);?|#([0-9]+);?|([A-Za-z][A-Za-z0-9]{1,31});)/y;
  pattern.lastIndex = index;
  const match = pattern.exec(text);
  if (match === null || match.index + match[0].length > end) return undefined;
  const [whole, hex, decimal, name] = match;
  if (name !== undefined) return { end: index + whole.length, removable: INVISIBLE_NAMED_ENTITIES.has(name) };
  const digits = (hex ?? decimal!).replace(/^0+(?=.)/, '');
  const point = digits.length > 8 ? Number.POSITIVE_INFINITY : Number.parseInt(digits, hex !== undefined ? 16 : 10);
  return { end: index + whole.length, removable: point <= 0x10ffff && point !== 0 && isRemovableCodePoint(point) };
}
