/**
 * Whether a link destination may stay a link: relative, a fragment, http(s) or mailto, judged after
 * decoding it as a browser would, so that `jav&#x61;script:` and its relatives do not slip through.
 */

/** The only schemes a link or autolink may keep. */
export function isSafeScheme(scheme: string): boolean {
  return scheme === 'http' || scheme === 'https' || scheme === 'mailto';
}

/**
 * Whether a Markdown link or image destination is harmless: relative, `#fragment`, or http(s)/mailto
 * once backslash escapes and entities are decoded and the tabs and newlines a browser ignores are gone.
 * Unknown named entities make it unsafe rather than guessed at.
 */
export function isSafeLinkDestination(raw: string): boolean {
  let decoded = raw.replace(/\\([!-/:-@[-`{-~])/g, '$1');
  let unknownEntity = false;
  decoded = decoded.replace(/&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));/g, (_whole, hex, decimal, name) => {
    if (name !== undefined) {
      const known = DESTINATION_ENTITIES[name];
      if (known === undefined) unknownEntity = true;
      return known ?? '';
    }
    const point = Number.parseInt(hex ?? decimal, hex !== undefined ? 16 : 10);
    return point > 0 && point <= 0x10ffff && (point < 0xd800 || point > 0xdfff) ? String.fromCodePoint(point) : '\ufffd';
  });
  if (unknownEntity) return false;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers strip these from URLs, so must we
  const normalized = decoded.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(normalized);
  return scheme === null || isSafeScheme(scheme[1]!.toLowerCase());
}

const DESTINATION_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  colon: ':',
  sol: '/',
  period: '.',
  num: '#',
  quest: '?',
  equals: '=',
  lpar: '(',
  rpar: ')',
  Tab: '\t',
  NewLine: '\n',
  nbsp: '\u00a0',
};
