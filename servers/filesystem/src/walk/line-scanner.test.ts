import { describe, expect, it } from 'vitest';
import { createLineScanner, type LineMatch, type ScanSettings } from './line-scanner.js';

const encoder = new TextEncoder();

/** Scans `text` fed in pieces of `chunk` bytes (so lines and characters straddle chunks). */
function scan(text: string, settings: Partial<ScanSettings> & { query: string }, chunk = 7, limit = 1000): LineMatch[] {
  const scanner = createLineScanner({ regex: false, caseSensitive: false, contextLines: 0, ...settings });
  const file = scanner.file(limit);
  const bytes = encoder.encode(text);
  const matches: LineMatch[] = [];
  for (let at = 0; at < bytes.length; at += chunk) matches.push(...file.push(bytes.subarray(at, at + chunk)));
  matches.push(...file.end());
  return matches;
}

describe('line scanner', () => {
  it('finds literal text case-insensitively by default, with 1-based line numbers, across chunk boundaries', () => {
    const text = 'alpha\nBeta gamma\nno\nbetamax\n';
    expect(scan(text, { query: 'beta' })).toEqual([
      { line: 2, text: 'Beta gamma' },
      { line: 4, text: 'betamax' },
    ]);
    expect(scan(text, { query: 'beta', caseSensitive: true })).toEqual([{ line: 4, text: 'betamax' }]);
  });

  it('gives the same answer whatever the chunk size (block fast path and line path agree)', () => {
    const lines = Array.from({ length: 500 }, (_, i) => (i % 97 === 0 ? `needle ${i}` : `hay ${i} ${'x'.repeat(i % 13)}`));
    const text = `${lines.join('\n')}\n`;
    const expected = lines.flatMap((line, i) => (line.startsWith('needle') ? [{ line: i + 1, text: line }] : []));
    for (const chunk of [1, 3, 64, 4096, 1 << 20]) expect(scan(text, { query: 'needle' }, chunk)).toEqual(expected);
  });

  it('treats the query as text unless regex is set, and matches regexes per line', () => {
    expect(scan('a.c\nabc\n', { query: 'a.c' })).toEqual([{ line: 1, text: 'a.c' }]);
    expect(scan('a.c\nabc\n', { query: 'a.c', regex: true })).toHaveLength(2);
    expect(scan('foo bar\nbar foo\n', { query: '^foo', regex: true })).toEqual([{ line: 1, text: 'foo bar' }]);
    expect(scan('foo bar\nbar foo\n', { query: 'foo$', regex: true })).toEqual([{ line: 2, text: 'bar foo' }]);
    expect(scan('Straße\n', { query: '\\p{L}+e$', regex: true })).toEqual([{ line: 1, text: 'Straße' }]);
  });

  it('throws the SyntaxError of an invalid regex', () => {
    expect(() => createLineScanner({ query: '(unclosed', regex: true, caseSensitive: false, contextLines: 0 })).toThrow(SyntaxError);
  });

  it('handles CRLF, a BOM, multi-byte characters split across chunks and a last line without newline', () => {
    const text = '\uFEFFfirst\r\nzwei – drei\r\nlast needle';
    expect(scan(text, { query: 'first' }, 1)).toEqual([{ line: 1, text: 'first' }]);
    expect(scan(text, { query: 'drei' }, 1)).toEqual([{ line: 2, text: 'zwei – drei' }]);
    expect(scan(text, { query: 'needle' }, 2)).toEqual([{ line: 3, text: 'last needle' }]);
  });

  it('starts every file afresh when scanning several with one scanner (decoder state, BOM, line numbers)', () => {
    const scanner = createLineScanner({ query: 'hit', regex: false, caseSensitive: false, contextLines: 0 });
    const first = scanner.file(10);
    // A multi-byte character cut in half at the end of the first file must not leak into the next.
    const cut = encoder.encode('x\nhit one\n€').subarray(0, -1);
    expect(first.push(cut)).toEqual([{ line: 2, text: 'hit one' }]);
    first.end();
    const second = scanner.file(10);
    expect([...second.push(encoder.encode('\uFEFFhit two\n')), ...second.end()]).toEqual([{ line: 1, text: 'hit two' }]);
  });

  it('adds context lines before and after, also at the file edges and across the fast path', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`);
    lines[1] = 'match A';
    lines[20] = 'match B';
    lines[38] = 'match C';
    const text = lines.join('\n');
    for (const chunk of [5, 64, 100_000]) {
      expect(scan(text, { query: 'match', contextLines: 2 }, chunk)).toEqual([
        { line: 2, text: 'match A', before: ['line 1'], after: ['line 3', 'line 4'] },
        { line: 21, text: 'match B', before: ['line 19', 'line 20'], after: ['line 22', 'line 23'] },
        { line: 39, text: 'match C', before: ['line 37', 'line 38'], after: ['line 40'] },
      ]);
    }
  });

  it('stops at the limit and says when the rest of the file is not needed', () => {
    const scanner = createLineScanner({ query: 'x', regex: false, caseSensitive: false, contextLines: 1 });
    const file = scanner.file(2);
    const found = file.push(encoder.encode('x1\nx2\nx3\n'));
    expect(found.map((m) => m.line)).toEqual([1, 2]);
    expect(file.done).toBe(true);
    expect(file.end()).toEqual([]);
  });

  it('shows a window of about 300 characters around a match in a long line', () => {
    const line = `${'a'.repeat(5000)}NEEDLE${'b'.repeat(5000)}`;
    const [match] = scan(`${line}\n`, { query: 'needle' }, 4096);
    expect(match?.line).toBe(1);
    expect(match?.text).toContain('NEEDLE');
    expect(match?.text.length).toBeLessThanOrEqual(302);
    expect(match?.text.startsWith('…')).toBe(true);
    expect(match?.text.endsWith('…')).toBe(true);
  });

  it('searches a line longer than the 1 MiB line cap in pieces, keeping its line number', () => {
    const long = `${'z'.repeat(3 * 1024 * 1024)}FAR`;
    const matches = scan(`short\n${long}\nafter FAR\n`, { query: 'far' }, 64 * 1024);
    expect(matches.map((m) => m.line)).toEqual([2, 3]);
  });
});
