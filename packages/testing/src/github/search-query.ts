/**
 * GitHub's search syntax, as far as the fake understands it: free-text terms (quoted phrases kept
 * whole), `key:value` qualifiers (values may be quoted, `-key:value` negates), and the range
 * forms of numbers and dates (`>10`, `<=2026-03-01`, `10..20`, `2026-01-01..*`).
 */

export interface Qualifier {
  key: string;
  value: string;
  negated: boolean;
}

export interface SearchQuery {
  /** Lower-cased free-text terms and phrases. */
  terms: string[];
  qualifiers: Qualifier[];
}

const TOKEN = /(-?)([a-z_]+):("([^"]*)"|\S+)|"([^"]*)"|(\S+)/gi;
const OPERATORS = new Set(['AND', 'OR', 'NOT']);

export function parseSearchQuery(q: string): SearchQuery {
  const terms: string[] = [];
  const qualifiers: Qualifier[] = [];
  for (const match of q.matchAll(TOKEN)) {
    const [, negation, key, rawValue, quotedValue, phrase, word] = match;
    if (key !== undefined && rawValue !== undefined) {
      qualifiers.push({ key: key.toLowerCase(), value: quotedValue ?? rawValue, negated: negation === '-' });
    } else if (phrase !== undefined) {
      if (phrase.trim() !== '') terms.push(phrase.toLowerCase());
    } else if (word !== undefined && !OPERATORS.has(word)) {
      terms.push(word.toLowerCase());
    }
  }
  return { terms, qualifiers };
}

/** Values of a qualifier that is not negated (lower-cased). */
export function valuesOf(query: SearchQuery, key: string): string[] {
  return query.qualifiers.filter((q) => q.key === key && !q.negated).map((q) => q.value.toLowerCase());
}

/** Values of `-key:value` qualifiers (lower-cased). */
export function negatedValuesOf(query: SearchQuery, key: string): string[] {
  return query.qualifiers.filter((q) => q.key === key && q.negated).map((q) => q.value.toLowerCase());
}

/** Whether `actual` satisfies a range expression (`>5`, `<=x`, `a..b`, or an exact value). */
export function inRange(actual: number, expression: string, parse: (text: string) => number): boolean {
  const between = /^(.+)\.\.(.+)$/.exec(expression);
  if (between) {
    const low = between[1] === '*' ? Number.NEGATIVE_INFINITY : parse(between[1] ?? '');
    const high = between[2] === '*' ? Number.POSITIVE_INFINITY : parse(between[2] ?? '');
    return actual >= low && actual <= high;
  }
  const compare = /^(>=|<=|>|<)(.+)$/.exec(expression);
  if (!compare) {
    const exact = parse(expression);
    // A bare date means that whole day.
    return /^\d{4}-\d{2}-\d{2}$/.test(expression) ? actual >= exact && actual < exact + 86_400_000 : actual === exact;
  }
  const bound = parse(compare[2] ?? '');
  switch (compare[1]) {
    case '>':
      return actual > bound;
    case '>=':
      return actual >= bound;
    case '<':
      return actual < bound;
    default:
      return actual <= bound;
  }
}

export const parseDate = (text: string): number => Date.parse(text);
export const parseNumber = (text: string): number => Number(text);

/**
 * Where `term` first occurs as a whole word or phrase (case-insensitive), or -1. GitHub matches
 * words, not substrings: `greetIn` does not find "Greeting".
 */
export function findTerm(text: string, term: string): number {
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}(?![\\p{L}\\p{N}_])`, 'iu').exec(text);
  return match ? match.index : -1;
}

/** Every term appears in the text as a word or phrase. */
export function containsAll(text: string, terms: readonly string[]): boolean {
  return terms.every((term) => findTerm(text, term) !== -1);
}
