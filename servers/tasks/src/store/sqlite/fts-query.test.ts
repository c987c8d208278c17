import { describe, expect, it } from 'vitest';
import { toFtsMatchQuery } from './fts-query.js';

describe('toFtsMatchQuery', () => {
  it.each([
    ['login crash', '"login" "crash"'],
    ['  spaced\tout\n', '"spaced" "out"'],
    ['say "hi"', '"say" """hi"""'],
    ['deplo*', '"deplo"*'],
    ['deplo***', '"deplo"*'],
    ['a*b', '"a*b"'],
    ['AND OR NOT', '"AND" "OR" "NOT"'],
    ['-mobile', '"-mobile"'],
    ['NEAR(a b)', '"NEAR(a" "b)"'],
    ['col:val ^x', '"col:val" "^x"'],
    ['crash * ( - "', '"crash"'],
    ['café 東京', '"café" "東京"'],
  ])('%j → %s', (input, expected) => {
    expect(toFtsMatchQuery(input)).toBe(expected);
  });

  it.each(['', '   ', '*', '"', '( ) - * " ^'])('refuses %j, which has no words', (input) => {
    expect(() => toFtsMatchQuery(input)).toThrow(
      expect.objectContaining({ code: 'invalid_input', message: expect.stringContaining('no words to look for') }),
    );
  });
});
