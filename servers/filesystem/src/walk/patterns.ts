import { invalidInput } from '@mcpkit/core';
import picomatch from 'picomatch';

/**
 * Whether an entry matches: `relative` is its path from the walk root with `/` between
 * names, `name` its last component.
 */
export type EntryMatcher = (relative: string, name: string, isDirectory: boolean) => boolean;

interface Compiled {
  test: (subject: string) => boolean;
  /** A pattern without `/` is matched against the entry's name, at any depth. */
  byName: boolean;
  /** A trailing `/` (`dist/`) matches directories only, as in .gitignore. */
  directoriesOnly: boolean;
}

/**
 * Most wildcards one path part may hold. A glob compiles to a regular expression that
 * backtracks: each `*` in a part multiplies the work on a long name (measured on a
 * 200-character name: 3 wildcards ~10 ms, 4 ~0.5 s, 5 ~20 s), and matching runs on the
 * main thread, where no time limit can interrupt it.
 */
const MAX_WILDCARDS_PER_PART = 3;

function assertTractable(pattern: string, raw: string, argument: string): void {
  for (const part of pattern.split('/')) {
    if (part === '**') continue;
    const wildcards = part.match(/(?<!\\)[*?]/g)?.length ?? 0;
    if (wildcards > MAX_WILDCARDS_PER_PART) {
      throw invalidInput(
        `${argument} pattern ${JSON.stringify(raw)} has ${wildcards} wildcards in one path part; at most ${MAX_WILDCARDS_PER_PART} are allowed, since more can take minutes to match a long name. Use a simpler pattern, or search_content to search text.`,
      );
    }
  }
}

function compileOne(raw: string, argument: string): Compiled | undefined {
  let pattern = raw.trim();
  if (pattern.startsWith('./')) pattern = pattern.slice(2);
  const directoriesOnly = pattern.length > 1 && pattern.endsWith('/');
  if (directoriesOnly) pattern = pattern.replace(/\/+$/, '');
  // A leading `/` anchors the pattern at the walk root, as in .gitignore.
  const anchored = pattern.startsWith('/');
  if (anchored) pattern = pattern.replace(/^\/+/, '');
  if (pattern === '') return undefined;
  const byName = !anchored && !pattern.includes('/');
  assertTractable(pattern, raw, argument);
  try {
    // One regex per pattern, built once per call: the walk then pays a regex test per entry.
    // No extglobs: `+(+(a))` nests quantifiers, the classic catastrophic regex.
    const options = { dot: true, noextglob: true };
    const exact = picomatch(pattern, options);
    // A plain path like `src/gen` (no glob characters) also matches at any depth, as the
    // reference server's bare-name excludes do.
    const anywhere = !byName && !anchored && !picomatch.scan(pattern).isGlob ? picomatch(`**/${pattern}`, options) : undefined;
    const test = anywhere ? (subject: string) => exact(subject) || anywhere(subject) : exact;
    return { test, byName, directoriesOnly };
  } catch (error) {
    throw invalidInput(`${argument} has an invalid glob pattern ${JSON.stringify(raw)}: ${(error as Error).message}.`);
  }
}

/**
 * Compiles glob patterns (picomatch, `dot: true`) into one matcher that says whether any of
 * them matches an entry. A pattern without `/` (`*.ts`, `node_modules`) matches the entry's
 * name at any depth, which is what people mean by it; a pattern with `/` (`src/**`,
 * `**\/*.test.ts`) matches the path relative to the walk root. `argument` names the input in
 * error messages. No usable pattern gives `undefined`, so callers can skip the test.
 */
export function compileGlobs(patterns: readonly string[] | undefined, argument: string): EntryMatcher | undefined {
  const compiled = (patterns ?? []).map((pattern) => compileOne(pattern, argument)).filter((c): c is Compiled => c !== undefined);
  if (compiled.length === 0) return undefined;
  return (relative, name, isDirectory) => {
    for (const { test, byName, directoriesOnly } of compiled) {
      if (directoriesOnly && !isDirectory) continue;
      if (test(byName ? name : relative)) return true;
    }
    return false;
  };
}
