import { describe, expect, it } from 'vitest';
import { compileGlobs } from './patterns.js';

function matches(patterns: string[], relative: string, isDirectory = false): boolean {
  const matcher = compileGlobs(patterns, 'excludePatterns');
  if (!matcher) throw new Error('no matcher');
  return matcher(relative, relative.split('/').pop() as string, isDirectory);
}

describe('glob patterns', () => {
  it('matches a pattern without / against the name at any depth, dot files included', () => {
    expect(matches(['*.ts'], 'a.ts')).toBe(true);
    expect(matches(['*.ts'], 'src/deep/a.ts')).toBe(true);
    expect(matches(['*.ts'], 'src/a.tsx')).toBe(false);
    expect(matches(['*.env'], 'config/.env')).toBe(true);
    expect(matches(['node_modules'], 'packages/x/node_modules', true)).toBe(true);
    expect(matches(['node_modules'], 'packages/x/node_modules_old', true)).toBe(false);
  });

  it('matches a pattern with / against the path from the root', () => {
    expect(matches(['src/**'], 'src')).toBe(true);
    expect(matches(['src/**'], 'src/a/b.ts')).toBe(true);
    expect(matches(['src/**'], 'lib/src/b.ts')).toBe(false);
    expect(matches(['**/*.test.ts'], 'a.test.ts')).toBe(true);
    expect(matches(['**/*.test.ts'], 'x/y/a.test.ts')).toBe(true);
    expect(matches(['src/*.ts'], 'src/x/a.ts')).toBe(false);
  });

  it('matches a plain path at any depth (as the reference does), unless anchored with a leading /', () => {
    expect(matches(['src/gen'], 'src/gen', true)).toBe(true);
    expect(matches(['src/gen'], 'packages/a/src/gen', true)).toBe(true);
    expect(matches(['/src/gen'], 'packages/a/src/gen', true)).toBe(false);
    expect(matches(['/src/gen'], 'src/gen', true)).toBe(true);
  });

  it('matches directories only with a trailing /', () => {
    expect(matches(['build/'], 'x/build', true)).toBe(true);
    expect(matches(['build/'], 'x/build', false)).toBe(false);
  });

  it('gives no matcher for no usable pattern', () => {
    expect(compileGlobs([], 'include')).toBeUndefined();
    expect(compileGlobs(undefined, 'include')).toBeUndefined();
    expect(compileGlobs(['', '  ', './'], 'include')).toBeUndefined();
  });

  it('refuses patterns whose matching could run away, and stays fast at the limit', () => {
    expect(() => compileGlobs(['*a*a*a*b'], 'pattern')).toThrow(/4 wildcards in one path part; at most 3/);
    expect(() => compileGlobs(['src/*?*?'], 'excludePatterns')).toThrow(/excludePatterns pattern "src\/\*\?\*\?"/);
    const long = 'a'.repeat(250);
    const started = performance.now();
    expect(matches(['**/*a*a*b'], `x/${long}`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
    expect(matches(['**/*.test.*'], 'src/a.test.ts')).toBe(true);
    // Extglobs are off: nested quantifiers are the classic catastrophic regex.
    expect(matches(['+(a)'], '+(a)')).toBe(true);
    expect(matches(['+(a)'], 'aaa')).toBe(false);
  });
});
