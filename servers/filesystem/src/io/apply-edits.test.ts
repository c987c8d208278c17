import { isMcpKitError } from '@mcpkit/core';
import { describe, expect, it } from 'vitest';
import { applyEdits } from './apply-edits.js';
import { unifiedDiff } from './unified-diff.js';

/** The error applyEdits throws, for its code and message. */
function failure(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (isMcpKitError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected applyEdits to throw');
}

describe('applyEdits: exact matches', () => {
  it('replaces the one exact occurrence', () => {
    expect(applyEdits('alpha\nbeta\ngamma\n', [{ oldText: 'beta', newText: 'BETA' }])).toBe('alpha\nBETA\ngamma\n');
  });

  it('applies edits in order, each to the text the previous one left', () => {
    const edits = [
      { oldText: 'one', newText: 'two' },
      { oldText: 'two two', newText: 'three' },
    ];
    expect(applyEdits('one two\n', edits)).toBe('three\n');
  });

  it('inserts $&, $1, $$ and $` literally', () => {
    const newText = "price: $$5, match: $&, group: $1, before: $`, after: $'";
    expect(applyEdits('x = PLACEHOLDER;\n', [{ oldText: 'PLACEHOLDER', newText }])).toBe(`x = ${newText};\n`);
  });

  it('refuses an oldText that matches twice, naming the lines', () => {
    const error = failure(() => applyEdits('a\nfoo()\nb\nfoo()\n', [{ oldText: 'foo()', newText: 'bar()' }]));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/^edits\[0\]: oldText matches 2 places \(lines 2, 4\)\. Include more surrounding lines/);
    expect(error.message).toContain('Nothing was written');
  });

  it('counts overlapping occurrences as ambiguous', () => {
    expect(failure(() => applyEdits('aaa', [{ oldText: 'aa', newText: 'b' }])).message).toContain('matches 2 places (lines 1, 1)');
  });

  it('names the failing edit by index and first line when nothing matches', () => {
    const error = failure(() =>
      applyEdits('alpha\n', [
        { oldText: 'alpha', newText: 'beta' },
        { oldText: '\n  missing line\nmore', newText: 'x' },
      ]),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('edits[1]: oldText was not found (first line: "missing line")');
    expect(error.message).toContain('Nothing was written');
  });

  it('refuses an empty oldText', () => {
    expect(failure(() => applyEdits('abc', [{ oldText: '', newText: 'x' }]))).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('edits[0]: oldText is empty'),
    });
  });
});

describe('applyEdits: line-by-line fallback', () => {
  it('matches ignoring indentation and re-indents the new text', () => {
    const file = 'function f() {\n    if (x) {\n        go();\n    }\n}\n';
    const edits = [{ oldText: 'if (x) {\n    go();\n}', newText: 'if (y) {\n    stop();\n    go();\n}' }];
    expect(applyEdits(file, edits)).toBe('function f() {\n    if (y) {\n        stop();\n        go();\n    }\n}\n');
  });

  it('keeps tabs where the file uses tabs', () => {
    expect(applyEdits('\tif (a) {\n\t\tb();\n\t}\n', [{ oldText: 'b();', newText: 'c();' }])).toBe('\tif (a) {\n\t\tc();\n\t}\n');
    expect(applyEdits('\tif (a) {\n\t\tb();\n\t}\n', [{ oldText: 'if (a) {\n  b();', newText: 'if (z) {\n  b();' }])).toBe(
      '\tif (z) {\n\t\tb();\n\t}\n',
    );
  });

  it("maps the model's indentation steps onto the file's", () => {
    const file = 'x {\n    a {\n        b;\n    }\n}\n';
    const edits = [{ oldText: 'a {\n  b;\n}', newText: 'a {\n  b;\n  c;\n    deeper;\n}\nafter;' }];
    // Known indents map to the matched lines' ones; unknown ones keep their offset.
    expect(applyEdits(file, edits)).toBe('x {\n    a {\n        b;\n        c;\n        deeper;\n    }\n    after;\n}\n');
  });

  it('ignores trailing whitespace too', () => {
    expect(applyEdits('keep\nvalue = 1   \nkeep\n', [{ oldText: '  value = 1\nkeep', newText: 'value = 2\nkeep' }])).toBe(
      'keep\nvalue = 2\nkeep\n',
    );
  });

  it('refuses a loose match that is not unique', () => {
    const error = failure(() => applyEdits('  x = 1\n    x = 1\n', [{ oldText: ' x = 1 ', newText: 'x = 2' }]));
    expect(error.message).toContain('matches 2 places (lines 1, 2)');
  });

  it('never matches whitespace-only text loosely', () => {
    expect(failure(() => applyEdits('a\n\nb\n', [{ oldText: '   \n', newText: 'x' }])).message).toContain('not found');
  });

  it('deletes whole lines when oldText ends a line and newText is empty', () => {
    // Not an exact match (the trailing space), so whole lines go.
    expect(applyEdits('a\n    drop me\nb\n', [{ oldText: 'drop me \n', newText: '' }])).toBe('a\nb\n');
  });
});

describe('applyEdits: line endings', () => {
  it('keeps a CRLF file CRLF when the edits use LF', () => {
    const file = 'one\r\ntwo\r\nthree\r\n';
    expect(applyEdits(file, [{ oldText: 'one\ntwo', newText: 'uno\ndos\nextra' }])).toBe('uno\r\ndos\r\nextra\r\nthree\r\n');
  });

  it('matches CRLF oldText in a CRLF file', () => {
    expect(applyEdits('a\r\nb\r\n', [{ oldText: 'a\r\nb', newText: 'c' }])).toBe('c\r\n');
  });

  it('keeps the trailing newline state', () => {
    expect(applyEdits('a\nb', [{ oldText: 'b', newText: 'b\nc\n' }])).toBe('a\nb\nc');
    expect(applyEdits('a\nb\n', [{ oldText: 'b\n', newText: 'c' }])).toBe('a\nc\n');
    expect(applyEdits('a\r\nb\r\n', [{ oldText: 'b\n', newText: 'c' }])).toBe('a\r\nc\r\n');
  });

  it('leaves a file that ends up empty empty', () => {
    expect(applyEdits('only\n', [{ oldText: 'only\n', newText: '' }])).toBe('');
  });

  it('gives up a whitespace-flexible match that would take too long, with advice', () => {
    const file = `${'x\n'.repeat(400_000)}`;
    const oldText = `${'  x\n'.repeat(99)}  y\n`;
    const started = performance.now();
    expect(() => applyEdits(file, [{ oldText, newText: 'z\n' }])).toThrow(/would take too long in this file\. Copy the exact text/);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('unifiedDiff', () => {
  it('gives up a diff that would take too long instead of stalling the server', () => {
    const before = Array.from({ length: 30_000 }, (_, i) => `line ${i} before`).join('\n');
    const after = Array.from({ length: 30_000 }, (_, i) => `line ${i} after`).join('\n');
    const started = performance.now();
    const result = unifiedDiff('big.txt', before, after, 65_536);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.skipped).toMatch(/too large to diff quickly \(30,000 lines before, 30,000 after\)/);
    expect(result.diff).toBe('');
  });

  it('still diffs an ordinary change in full', () => {
    const result = unifiedDiff('a.txt', 'one\ntwo\nthree\n', 'one\n2\nthree\n', 65_536);
    expect(result.skipped).toBeUndefined();
    expect(result.diff).toContain('-two\n+2\n');
  });
});
