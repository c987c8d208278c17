import { describe, expect, it } from 'vitest';
import { formatTaskId, parseTaskId } from './ids.js';

describe('task ids', () => {
  it('formats keys with the T- prefix', () => {
    expect(formatTaskId(42)).toBe('T-42');
  });

  it.each([
    ['T-42', 42],
    ['t-42', 42],
    ['42', 42],
    [' T-7 ', 7],
    ['T-999999999999999', 999_999_999_999_999],
  ])('parses %j', (id, key) => {
    expect(parseTaskId(id)).toBe(key);
  });

  it.each(['T-x', 'T-', 'T-0', 'T-042', 'T42', 'TT-1', 'T-1.5', '-1', 'T-1000000000000000', ''])(
    'rejects %j as invalid_input showing the expected shape',
    (id) => {
      expect(() => parseTaskId(id)).toThrow(
        expect.objectContaining({ code: 'invalid_input', message: expect.stringContaining('Task ids look like T-42') }),
      );
    },
  );

  it('names the field it was parsing and does not echo long input', () => {
    expect(() => parseTaskId('x'.repeat(500), 'parentId')).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/^"x{40}" is not a valid parentId\./) }),
    );
    expect(() => parseTaskId(undefined as never)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });
});
