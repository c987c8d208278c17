import { invalidInput } from '@mcpkit/core';

/**
 * Turns what a user typed into a safe FTS5 MATCH expression. FTS5 has its own query
 * language (`AND`, `OR`, `NOT`, `NEAR`, `-`, `^`, `:`, `(`, `"`, `*`), so raw input can
 * fail to parse or mean something else. Every whitespace-separated word becomes a quoted
 * phrase (inner `"` doubled), which FTS5 reads as plain text only; the phrases are
 * ANDed. One convenience survives: a trailing `*` asks for a prefix match (`deplo*`).
 * Words with no letter or digit are dropped, since the tokenizer would find nothing in them.
 */
export function toFtsMatchQuery(text: string): string {
  const phrases: string[] = [];
  for (const word of text.split(/\s+/u)) {
    const prefix = word.length > 1 && word.endsWith('*');
    const bare = prefix ? word.replace(/\*+$/u, '') : word;
    if (!/[\p{L}\p{N}]/u.test(bare)) continue;
    phrases.push(`"${bare.replaceAll('"', '""')}"${prefix ? '*' : ''}`);
  }
  if (phrases.length === 0) {
    throw invalidInput(
      `The search text ${JSON.stringify(text.slice(0, 80))} has no words to look for. Search with words from task titles or descriptions, or leave the query out to list tasks.`,
    );
  }
  return phrases.join(' ');
}
