import type { Dirent } from 'node:fs';
import { type EntryKind, kindOf } from '../paths/entry-kind.js';
import type { GuardedPath, PathGuard } from '../paths/path-guard.js';
import { readDirectoryVerified } from '../paths/verified-open.js';
import { ancestorGitignores, type GitignoreChain, withDirectoryGitignore } from './gitignore.js';
import type { EntryMatcher } from './patterns.js';

/** Code-unit order: stable, locale-free and far cheaper than localeCompare on 100,000 names. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface WalkEntry {
  name: string;
  /** From the walk root, names joined with `/`. */
  relative: string;
  kind: EntryKind;
  /** 1 for the root's own entries. */
  depth: number;
}

/** Why a walk stopped early: the entry limit, the time budget, or the caller (enough results). */
export type WalkStop = 'entries' | 'time' | 'results';

export interface WalkOptions {
  guard: PathGuard;
  /** The checked root directory; the walk reads `root.real` and never leaves it. */
  root: GuardedPath;
  /** Levels read below the root: 1 lists the root only. Unlimited when absent. */
  maxDepth?: number;
  /** Entries handed to the visitor before the walk stops with `truncated: 'entries'`. */
  maxEntries?: number;
  /** Time budget; when it runs out the walk returns what it has with `truncated: 'time'`. */
  timeoutMs: number;
  signal: AbortSignal;
  /** Told the entries seen so far, every few thousand entries or quarter second. */
  progress?: (seen: number) => void;
  /** Entries (and whole subtrees) to leave out. */
  exclude?: EntryMatcher;
  /** Leave out what .gitignore files ignore (and `.git` itself). */
  gitignore?: boolean;
  /**
   * Asked before each directory read; a promise holds the walk until it settles. A consumer
   * slower than the walk (content search) uses it to keep its queue bounded.
   */
  holdBefore?: () => Promise<void> | undefined;
  /** Directory reads in flight at once. */
  concurrency?: number;
}

export interface WalkSummary {
  /** Entries read, the excluded ones included. */
  seen: number;
  /** Entries handed to the visitor. */
  visited: number;
  /** Subdirectories that could not be read (permissions, vanished, swapped for a link). */
  unreadable: number;
  truncated?: WalkStop;
}

/**
 * Called once per entry that passed the filters, with the value its parent directory's
 * visit returned; what it returns for a directory is handed to that directory's entries.
 */
export type Visitor<P> = (entry: WalkEntry, parent: P) => P;

interface DirectoryJob<P> {
  real: string;
  relative: string;
  depth: number;
  payload: P;
  gitignore: GitignoreChain | undefined;
}

const PROGRESS_EVERY_ENTRIES = 2000;
const PROGRESS_EVERY_MS = 250;
/**
 * Enough reads in flight to keep libuv's four threads busy and hide each read's latency
 * (open, readdir, close; the /proc check is synchronous), few enough to stay far from the fd limit.
 */
const DEFAULT_CONCURRENCY = 8;

/**
 * Walks a directory tree breadth-first, without recursion, reading several directories at
 * once. Every directory is read with `readDirectoryVerified` (opened without following a
 * final symlink, the descriptor verified), and a symlink is reported as one, never
 * followed — so nothing outside the root can be reached, whatever links it holds.
 * Unreadable subdirectories are counted and skipped. Breadth-first order means a walk cut
 * by a limit still shows the upper levels whole. One walk per instance.
 */
export class TreeWalk<P> {
  private stopReason: WalkStop | undefined;
  private settled = false;
  private seen = 0;
  private visited = 0;
  private unreadable = 0;
  private readonly queue: Array<DirectoryJob<P> | undefined> = [];
  private head = 0;
  /** Settles a running walk at once when `stop` is called from outside a visit. */
  private wake: (() => void) | undefined;

  constructor(private readonly options: WalkOptions) {}

  /** Ends the walk after the current entry; `run` resolves with `truncated: reason`. */
  stop(reason: WalkStop): void {
    this.stopReason ??= reason;
    this.wake?.();
  }

  get stopped(): boolean {
    return this.stopReason !== undefined;
  }

  async run(rootPayload: P, visit: Visitor<P>): Promise<WalkSummary> {
    const { guard, root, signal } = this.options;
    const started = Date.now();
    signal.throwIfAborted();
    const gitignore = this.options.gitignore ? await ancestorGitignores(guard, root.real) : undefined;
    // The root's own errors are the caller's (does not exist, is a file): they propagate.
    const entries = await readDirectoryVerified(guard, root.real, root.requested);
    signal.throwIfAborted();
    await this.process({ real: root.real, relative: '', depth: 0, payload: rootPayload, gitignore }, entries, visit);
    return new Promise<WalkSummary>((resolve, reject) => {
      const concurrency = this.options.concurrency ?? DEFAULT_CONCURRENCY;
      let active = 0;
      let holding = false;
      let lastProgressAt = Date.now();
      let lastProgressSeen = 0;

      const finish = () => {
        if (this.settled) return;
        this.settled = true;
        this.wake = undefined;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve({
          seen: this.seen,
          visited: this.visited,
          unreadable: this.unreadable,
          ...(this.stopReason && { truncated: this.stopReason }),
        });
      };
      const fail = (error: unknown) => {
        if (this.settled) return;
        this.settled = true;
        this.wake = undefined;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        reject(error);
      };
      const onAbort = () => fail(signal.reason);
      // A timer rather than a check between reads: one read stuck on a slow disk or network
      // mount must not hold the answer past the budget.
      const timer = setTimeout(
        () => {
          this.stop('time');
          finish();
        },
        Math.max(0, this.options.timeoutMs - (Date.now() - started)),
      );
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      // Reads still in flight when the walk stops are left to finish unobserved.
      this.wake = finish;

      const reportProgress = () => {
        const now = Date.now();
        if (this.seen - lastProgressSeen >= PROGRESS_EVERY_ENTRIES || now - lastProgressAt >= PROGRESS_EVERY_MS) {
          lastProgressSeen = this.seen;
          lastProgressAt = now;
          this.options.progress?.(this.seen);
        }
      };

      const pump = () => {
        if (this.settled || holding) return;
        while (!this.stopped && active < concurrency && this.head < this.queue.length) {
          const hold = this.options.holdBefore?.();
          if (hold) {
            holding = true;
            hold.then(() => {
              holding = false;
              pump();
            }, fail);
            return;
          }
          const job = this.take();
          active++;
          readDirectoryVerified(guard, job.real, job.real)
            .then(
              (children) => (this.settled ? undefined : this.process(job, children, visit)),
              () => {
                // Permissions, a directory removed meanwhile, or one swapped for a link
                // (refused by the verified read): skip it, say so in the summary.
                this.unreadable++;
              },
            )
            .then(() => {
              active--;
              reportProgress();
              pump();
            }, fail);
        }
        if (this.stopped || (active === 0 && this.head >= this.queue.length)) finish();
      };
      pump();
    });
  }

  private take(): DirectoryJob<P> {
    const job = this.queue[this.head] as DirectoryJob<P>;
    this.queue[this.head++] = undefined;
    // Drop the consumed front now and then so a long walk's queue does not keep growing.
    if (this.head >= 4096 && this.head * 2 >= this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    return job;
  }

  private process(job: DirectoryJob<P>, entries: Dirent[], visit: Visitor<P>): void | Promise<void> {
    if (this.options.gitignore && entries.some((entry) => entry.name === '.gitignore' && entry.isFile())) {
      return withDirectoryGitignore(this.options.guard, job.real, job.relative, job.gitignore).then((gitignore) => {
        if (!this.settled) this.visitEntries(job, entries, visit, gitignore);
      });
    }
    this.visitEntries(job, entries, visit, job.gitignore);
  }

  private visitEntries(job: DirectoryJob<P>, entries: Dirent[], visit: Visitor<P>, gitignore: GitignoreChain | undefined): void {
    if (this.stopped) return;
    const { exclude, maxDepth, maxEntries } = this.options;
    const useGitignore = this.options.gitignore === true;
    const depth = job.depth + 1;
    const descend = maxDepth === undefined || depth < maxDepth;
    const relativeBase = job.relative === '' ? '' : `${job.relative}/`;
    const realBase = job.real.endsWith('/') ? job.real : `${job.real}/`;
    entries.sort((a, b) => compareNames(a.name, b.name));
    for (const dirent of entries) {
      this.seen++;
      const name = dirent.name;
      const kind = kindOf(dirent);
      const isDirectory = kind === 'directory';
      const relative = relativeBase + name;
      if (useGitignore && ((isDirectory && name === '.git') || gitignore?.ignores(relative, isDirectory))) continue;
      if (exclude?.(relative, name, isDirectory)) continue;
      if (maxEntries !== undefined && this.visited >= maxEntries) {
        // Only an entry beyond the limit proves the answer is cut.
        this.stop('entries');
        return;
      }
      this.visited++;
      const payload = visit({ name, relative, kind, depth }, job.payload);
      if (this.stopped) return;
      if (isDirectory && descend) this.queue.push({ real: realBase + name, relative, depth, payload, gitignore });
    }
  }
}
