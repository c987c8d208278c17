/**
 * Removal of invisible characters: zero-width and bidirectional controls, tag characters, variation
 * selectors, C0/C1 controls and the rest of Default_Ignorable. It runs on every untrusted text before
 * anything else, because these characters let a text tell a model what a person reading it cannot see.
 */

import type { SanitizeRemovals } from './sanitize-text.js';

type CharacterMode = 'text' | 'name';

const EXTENDED_PICTOGRAPHIC = /^\p{Extended_Pictographic}$/u;
const EMOJI = /^\p{Emoji}$/u;
const EMOJI_MODIFIER = /^\p{Emoji_Modifier}$/u;
const MONGOLIAN_LETTER = /^(?=\p{L})\p{Script_Extensions=Mongolian}$/u;
/** Letters and marks of scripts whose spelling uses ZWJ/ZWNJ (Persian, Arabic, Indic conjuncts). */
const JOINING_SCRIPT_LETTER =
  /^(?=[\p{L}\p{M}])[\p{Script_Extensions=Arabic}\p{Script_Extensions=Syriac}\p{Script_Extensions=Nko}\p{Script_Extensions=Devanagari}\p{Script_Extensions=Bengali}\p{Script_Extensions=Gurmukhi}\p{Script_Extensions=Gujarati}\p{Script_Extensions=Oriya}\p{Script_Extensions=Tamil}\p{Script_Extensions=Telugu}\p{Script_Extensions=Kannada}\p{Script_Extensions=Malayalam}\p{Script_Extensions=Sinhala}]$/u;

/** The three RGI subdivision flags (England, Scotland, Wales): the only tag-character sequences kept. */
const SUBDIVISION_FLAG_TAGS = ['gbeng', 'gbsct', 'gbwls'].map(
  (code) => [...code].map((letter) => String.fromCodePoint(0xe0000 + letter.charCodeAt(0))).join('') + '\u{E007F}',
);

/** Unicode's Default_Ignorable_Code_Point set (Unicode 15.1), spelled out so it does not move with Node's ICU. */
function isDefaultIgnorable(point: number): boolean {
  if (point < 0x2000) {
    return (
      point === 0xad ||
      point === 0x34f ||
      point === 0x61c ||
      point === 0x115f ||
      point === 0x1160 ||
      point === 0x17b4 ||
      point === 0x17b5 ||
      (point >= 0x180b && point <= 0x180f)
    );
  }
  if (point < 0x10000) {
    return (
      (point >= 0x200b && point <= 0x200f) ||
      (point >= 0x202a && point <= 0x202e) ||
      (point >= 0x2060 && point <= 0x206f) ||
      point === 0x3164 ||
      (point >= 0xfe00 && point <= 0xfe0f) ||
      point === 0xfeff ||
      point === 0xffa0 ||
      (point >= 0xfff0 && point <= 0xfff8)
    );
  }
  return (point >= 0x1bca0 && point <= 0x1bca3) || (point >= 0x1d173 && point <= 0x1d17a) || (point >= 0xe0000 && point <= 0xe0fff);
}

/** Invisible format characters outside Default_Ignorable: interlinear annotation, Egyptian format controls and blanks. */
function isInvisibleFormat(point: number): boolean {
  return (point >= 0xfff9 && point <= 0xfffb) || (point >= 0x13430 && point <= 0x1343f) || point === 0x13441 || point === 0x13442;
}

/** Whether a code point is always removed, whatever surrounds it (used for entities and look-ahead). */
export function isRemovableCodePoint(point: number): boolean {
  if (point === 0x09 || point === 0x0a || point === 0x0d) return false;
  return (
    point < 0x20 ||
    (point >= 0x7f && point <= 0x9f) ||
    (point >= 0xd800 && point <= 0xdfff) ||
    isDefaultIgnorable(point) ||
    isInvisibleFormat(point)
  );
}

/** A cheap first test on one UTF-16 unit: false means the unit is certainly kept as it is. */
function needsAttention(unit: number, mode: CharacterMode): boolean {
  if (unit < 0x20) return mode === 'name' || (unit !== 0x09 && unit !== 0x0a);
  if (unit < 0x7f) return false;
  if (unit <= 0x9f) return true;
  if (unit < 0xad) return false;
  return (
    unit === 0xad ||
    unit === 0x34f ||
    unit === 0x61c ||
    unit === 0x115f ||
    unit === 0x1160 ||
    unit === 0x17b4 ||
    unit === 0x17b5 ||
    (unit >= 0x180b && unit <= 0x180f) ||
    (unit >= 0x200b && unit <= 0x200f) ||
    (unit >= 0x2028 && unit <= 0x202e) ||
    (unit >= 0x2060 && unit <= 0x206f) ||
    unit === 0x3164 ||
    (unit >= 0xd800 && unit <= 0xdfff) ||
    (unit >= 0xfe00 && unit <= 0xfe0f) ||
    unit === 0xfeff ||
    unit === 0xffa0 ||
    (unit >= 0xfff0 && unit <= 0xfffb)
  );
}

function matches(pattern: RegExp, point: number | undefined): boolean {
  return point !== undefined && point >= 0 && pattern.test(String.fromCodePoint(point));
}

/**
 * ZWJ and ZWNJ stay only where they have a visible job: ZWJ between two emoji (👩‍💻, ❤️‍🔥), and either
 * joiner between two letters of a script whose spelling needs it (Persian می‌خواهم, Sinhala ශ්‍රී).
 * Anywhere else they only hide things; the official server strips them everywhere and breaks those.
 */
function joinerIsVisible(joiner: number, previous: number, next: number | undefined): boolean {
  if (next === undefined || isRemovableCodePoint(next)) return false;
  if (joiner === 0x200d && (matches(EXTENDED_PICTOGRAPHIC, previous) || matches(EMOJI_MODIFIER, previous) || previous === 0xfe0f)) {
    return matches(EXTENDED_PICTOGRAPHIC, next);
  }
  return matches(JOINING_SCRIPT_LETTER, previous) && matches(JOINING_SCRIPT_LETTER, next);
}

/**
 * Removes invisible characters. Kept, because each has a visible job and carries at most one bit: U+FE0E/
 * U+FE0F right after an emoji-capable character (not a second one), Mongolian free variation selectors
 * right after a Mongolian letter, joiners as in `joinerIsVisible`, and tag characters only as the three
 * RGI subdivision flags. Every other variation selector goes (VS1–14 and the supplement U+E0100–E01EF
 * can encode a byte per character). CRLF becomes LF; a lone CR, VT, FF, NEL and U+2028/2029 become LF
 * (a space in names); lone surrogates become U+FFFD.
 */
export function removeInvisibleCharacters(input: string, mode: CharacterMode, removed: SanitizeRemovals): string {
  const text = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  let first = 0;
  while (first < text.length && !needsAttention(text.charCodeAt(first), mode)) first++;
  if (first === text.length) return text;

  const lineBreak = mode === 'name' ? ' ' : '\n';
  const parts: string[] = [];
  let copied = 0;
  let previous = first > 0 ? text.charCodeAt(first - 1) : -1;
  let index = first;
  while (index < text.length) {
    const unit = text.charCodeAt(index);
    if (!needsAttention(unit, mode)) {
      previous = unit;
      index++;
      continue;
    }
    const point = text.codePointAt(index)!;
    let length = point > 0xffff ? 2 : 1;
    let keep = false;
    let insert = '';
    let counted = false;
    if (point === 0x09 || point === 0x0a) {
      insert = ' ';
    } else if (point === 0x0b || point === 0x0c || point === 0x85 || point === 0x2028 || point === 0x2029) {
      insert = lineBreak;
    } else if (point < 0x20 || (point >= 0x7f && point <= 0x9f)) {
      counted = true;
    } else if (point >= 0xd800 && point <= 0xdfff) {
      insert = '\ufffd';
      counted = true;
    } else if (point === 0x200c || point === 0x200d) {
      keep = joinerIsVisible(point, previous, text.codePointAt(index + 1));
      counted = !keep;
    } else if (point === 0xfe0e || point === 0xfe0f) {
      keep = matches(EMOJI, previous);
      counted = !keep;
    } else if (point === 0x180b || point === 0x180c || point === 0x180d || point === 0x180f) {
      keep = matches(MONGOLIAN_LETTER, previous);
      counted = !keep;
    } else if (point === 0x1f3f4) {
      keep = true;
      const flag = SUBDIVISION_FLAG_TAGS.find((tags) => text.startsWith(tags, index + 2));
      if (flag !== undefined) length += flag.length;
    } else if (isDefaultIgnorable(point) || isInvisibleFormat(point)) {
      counted = true;
    } else {
      keep = true;
    }

    if (keep) {
      previous = length > 2 ? 0xe007f : point;
    } else {
      if (counted) removed.invisible++;
      parts.push(text.slice(copied, index), insert);
      copied = index + length;
      if (insert !== '') previous = insert.charCodeAt(0);
    }
    index += length;
  }
  if (copied === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}
