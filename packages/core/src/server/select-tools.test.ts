import { describe, expect, it } from 'vitest';
import { selectTools } from './select-tools.js';

const tools = [
  { name: 'read_a', toolset: 'a', annotations: { readOnlyHint: true } },
  { name: 'write_a', toolset: 'a', annotations: { readOnlyHint: false } },
  { name: 'read_b', toolset: 'b', annotations: { readOnlyHint: true } },
  { name: 'write_c', toolset: 'c', annotations: { readOnlyHint: false } },
];
const known = { a: 'A', b: 'B', c: 'C' };
const names = (list: typeof tools) => list.map((t) => t.name);

describe('selectTools', () => {
  it('uses the defaults when no toolsets are named', () => {
    expect(names(selectTools(tools, known, ['a'], { readOnly: false }))).toEqual(['read_a', 'write_a']);
    expect(names(selectTools(tools, known, undefined, { readOnly: false }))).toHaveLength(4);
  });
  it('adds single tools on top of the toolsets, still under --read-only, and refuses unknown names', () => {
    expect(names(selectTools(tools, known, ['a'], { tools: ['read_b'], readOnly: false }))).toEqual(['read_a', 'write_a', 'read_b']);
    expect(names(selectTools(tools, known, ['b'], { tools: ['write_c'], readOnly: true }))).toEqual(['read_b']);
    expect(() => selectTools(tools, known, ['a'], { tools: ['read_x', 'write_y'], readOnly: false })).toThrow(
      /unknown tools "read_x", "write_y"/,
    );
  });
  it('leaves out excluded tools whatever enables them, and refuses unknown names there too', () => {
    expect(names(selectTools(tools, known, undefined, { toolsets: ['all'], exclude: ['write_a', 'read_b'], readOnly: false }))).toEqual([
      'read_a',
      'write_c',
    ]);
    expect(names(selectTools(tools, known, ['a'], { tools: ['read_b'], exclude: ['read_b'], readOnly: false }))).toEqual([
      'read_a',
      'write_a',
    ]);
    expect(() => selectTools(tools, known, undefined, { exclude: ['wrte_a'], readOnly: false })).toThrow(/unknown tool "wrte_a"/);
  });
  it('takes named toolsets and all', () => {
    expect(names(selectTools(tools, known, ['a'], { toolsets: ['b', 'c'], readOnly: false }))).toEqual(['read_b', 'write_c']);
    expect(names(selectTools(tools, known, ['a'], { toolsets: ['all'], readOnly: false }))).toHaveLength(4);
  });
  it('keeps only read-only tools in read-only mode', () => {
    expect(names(selectTools(tools, known, undefined, { toolsets: ['all'], readOnly: true }))).toEqual(['read_a', 'read_b']);
  });
  it('refuses unknown toolsets, naming the known ones', () => {
    expect(() => selectTools(tools, known, undefined, { toolsets: ['a', 'x', 'y'], readOnly: false })).toThrow(
      /unknown toolsets "x", "y": choose from a, b, c, or all/,
    );
  });
});
