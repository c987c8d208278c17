import { describe, expect, it } from 'vitest';
import { blobSha, GitRepository, listDirectory, renderGitDiff } from './git-store.js';
import { unifiedPatch } from './unified-diff.js';

const author = { name: 'The Octocat', email: 'octocat@github.com', date: '2026-01-05T09:00:00Z' };
const SUBMODULE = '7c2f3f0f6b1f4a3cbb3c0e5a9d2f8e1b4c6a9d10';

function sampleRepository(): GitRepository {
  const git = new GitRepository();
  git.commitOn('main', {
    message: 'Initial commit',
    author,
    changes: {
      'README.md': '# hi\n',
      'src/a.ts': 'x\n',
      'src/b/c.ts': 'y\n',
      'a-b': 'z\n',
      link: { symlink: 'README.md' },
      'vendor/lib': { submodule: 'https://github.com/octo-org/lib.git', commit: SUBMODULE },
    },
  });
  git.commitOn('main', { message: 'Second', author: { ...author, date: '2026-01-06T09:00:00Z' }, changes: { 'README.md': '# hello\n' } });
  return git;
}

describe('GitRepository', () => {
  it('computes the object ids git itself computes', () => {
    // Checked against `git commit` (and `git diff` below) with the same files, names and dates, symlink and gitlink included.
    expect(blobSha(Buffer.from('hello\n'))).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
    const git = sampleRepository();
    const [second, first] = git.history(git.branches.get('main') ?? '');
    expect(first).toMatchObject({ sha: '012487ef2d30e21fde7977014b231d7e231c86c1', tree: 'cef055dcaff2860aa0c4b0b5e875c01e3a0b0461' });
    expect(second).toMatchObject({ sha: '4a2d8ce0cfdbeef287a1a9a7d85f00a4dc10ab27', tree: 'bc7d9d3ba92fa824438d4ad134b11895956b0e87' });
  });

  it('resolves branches, tags, refs and unambiguous sha prefixes', () => {
    const git = sampleRepository();
    const head = git.resolveBranch('main');
    git.tags.set('v1', head?.parents[0] ?? '');
    expect(git.resolve('refs/heads/main')?.sha).toBe(head?.sha);
    expect(git.resolve('v1')?.message).toBe('Initial commit');
    expect(git.resolve('refs/tags/v1')?.message).toBe('Initial commit');
    expect(git.resolve('4a2d8ce')?.message).toBe('Second');
    expect(git.resolve('4A2D8CE0CFDBEEF287A1A9A7D85F00A4DC10AB27')?.message).toBe('Second');
    expect(git.resolve('4a2d')).toBeUndefined();
    expect(git.resolve('nope')).toBeUndefined();
  });

  it('lists a directory with subdirectories as trees', () => {
    const git = sampleRepository();
    const head = git.resolveBranch('main');
    if (!head) throw new Error('no head');
    expect(listDirectory(head, '').map((item) => [item.name, item.entry.kind])).toEqual([
      ['a-b', 'file'],
      ['link', 'symlink'],
      ['README.md', 'file'],
      ['src', 'dir'],
      ['vendor', 'dir'],
    ]);
    expect(listDirectory(head, 'src').map((item) => item.path)).toEqual(['src/a.ts', 'src/b']);
  });

  it('diffs snapshots into file changes and git diff text', () => {
    const git = sampleRepository();
    const head = git.resolveBranch('main');
    if (!head) throw new Error('no head');
    const changes = git.diff(git.commits.get(head.parents[0] ?? ''), head);
    expect(changes).toEqual([
      expect.objectContaining({
        path: 'README.md',
        status: 'modified',
        patch: { patch: '@@ -1 +1 @@\n-# hi\n+# hello', additions: 1, deletions: 1 },
      }),
    ]);
    expect(renderGitDiff(changes)).toBe(
      'diff --git a/README.md b/README.md\nindex 77ebc65..8954bb9 100644\n--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-# hi\n+# hello\n',
    );
    const binary = git.commitOn('main', {
      message: 'Binary',
      author,
      changes: { 'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1]) },
    });
    const [added] = git.diff(git.commits.get(binary.parents[0] ?? ''), binary);
    expect(added).toMatchObject({ path: 'logo.png', status: 'added' });
    expect(added?.patch).toBeUndefined();
  });
});

describe('unifiedPatch', () => {
  it('keeps three lines of context and splits distant changes into hunks', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const after = before.replace('line 2\n', 'line two\n').replace('line 18\n', '');
    const { patch, additions, deletions } = unifiedPatch(before, after);
    expect([additions, deletions]).toEqual([1, 2]);
    expect(patch).toBe(
      [
        '@@ -1,5 +1,5 @@',
        ' line 1',
        '-line 2',
        '+line two',
        ' line 3',
        ' line 4',
        ' line 5',
        '@@ -15,6 +15,5 @@',
        ' line 15',
        ' line 16',
        ' line 17',
        '-line 18',
        ' line 19',
        ' line 20',
      ].join('\n'),
    );
  });

  it('marks a missing final newline and handles new and deleted files', () => {
    expect(unifiedPatch('a\n', 'a').patch).toBe('@@ -1 +1 @@\n-a\n+a\n\\ No newline at end of file');
    expect(unifiedPatch('', 'a\nb\n').patch).toBe('@@ -0,0 +1,2 @@\n+a\n+b');
    expect(unifiedPatch('a\n', '').patch).toBe('@@ -1 +0,0 @@\n-a');
    expect(unifiedPatch('same\n', 'same\n')).toEqual({ patch: '', additions: 0, deletions: 0 });
  });
});
