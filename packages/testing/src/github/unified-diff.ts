/**
 * The `patch` GitHub puts in a commit's or pull request's `files[]`: unified-diff hunks with three
 * lines of context and no `---`/`+++` header, plus the added and deleted line counts.
 */

export interface LinePatch {
  patch: string;
  additions: number;
  deletions: number;
}

const CONTEXT = 3;
/** Above this many line pairs the diff gives up on alignment and replaces the whole file. */
const MAX_CELLS = 4_000_000;

type Op = { kind: ' ' | '-' | '+'; line: string };

export function unifiedPatch(before: string, after: string): LinePatch {
  const oldLines = splitLines(before);
  const newLines = splitLines(after);
  const ops = diffLines(oldLines, newLines);
  const additions = ops.filter((op) => op.kind === '+').length;
  const deletions = ops.filter((op) => op.kind === '-').length;
  return { patch: renderHunks(ops, oldLines.length === 0, newLines.length === 0), additions, deletions };
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  else lines[lines.length - 1] += '\n\\ No newline at end of file';
  return lines;
}

function diffLines(a: string[], b: string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const head: Op[] = a.slice(0, start).map((line) => ({ kind: ' ', line }));
  const tail: Op[] = a.slice(endA).map((line) => ({ kind: ' ', line }));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  return [...head, ...alignMiddle(midA, midB), ...tail];
}

/** Longest-common-subsequence alignment of the part that differs. */
function alignMiddle(a: string[], b: string[]): Op[] {
  if (a.length * b.length > MAX_CELLS || a.length === 0 || b.length === 0) {
    return [...a.map((line): Op => ({ kind: '-', line })), ...b.map((line): Op => ({ kind: '+', line }))];
  }
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      table[i * width + j] =
        a[i] === b[j]
          ? (table[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(table[(i + 1) * width + j] ?? 0, table[i * width + j + 1] ?? 0);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i] ?? '' });
      i += 1;
      j += 1;
    } else if ((table[(i + 1) * width + j] ?? 0) >= (table[i * width + j + 1] ?? 0)) {
      ops.push({ kind: '-', line: a[i] ?? '' });
      i += 1;
    } else {
      ops.push({ kind: '+', line: b[j] ?? '' });
      j += 1;
    }
  }
  for (; i < a.length; i += 1) ops.push({ kind: '-', line: a[i] ?? '' });
  for (; j < b.length; j += 1) ops.push({ kind: '+', line: b[j] ?? '' });
  return ops;
}

function renderHunks(ops: Op[], created: boolean, deleted: boolean): string {
  const changed = ops.flatMap((op, index) => (op.kind === ' ' ? [] : [index]));
  if (changed.length === 0) return '';
  // Group changes whose context windows touch into one hunk each.
  const groups: [number, number][] = [];
  for (const index of changed) {
    const last = groups[groups.length - 1];
    if (last && index - last[1] <= CONTEXT * 2 + 1) last[1] = index;
    else groups.push([index, index]);
  }
  const hunks: string[] = [];
  for (const [first, lastChange] of groups) {
    const from = Math.max(0, first - CONTEXT);
    const to = Math.min(ops.length - 1, lastChange + CONTEXT);
    const oldStart = ops.slice(0, from).filter((op) => op.kind !== '+').length + 1;
    const newStart = ops.slice(0, from).filter((op) => op.kind !== '-').length + 1;
    const slice = ops.slice(from, to + 1);
    const oldCount = slice.filter((op) => op.kind !== '+').length;
    const newCount = slice.filter((op) => op.kind !== '-').length;
    const header = `@@ -${range(created ? 0 : oldStart, oldCount)} +${range(deleted ? 0 : newStart, newCount)} @@`;
    hunks.push([header, ...slice.map((op) => `${op.kind}${op.line}`)].join('\n'));
  }
  return hunks.join('\n');
}

function range(start: number, count: number): string {
  return count === 1 ? String(start) : `${start},${count}`;
}
