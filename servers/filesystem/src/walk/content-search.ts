import { lstat } from 'node:fs/promises';
import { invalidInput } from '@mcpkit/core';
import { fsError } from '../paths/fs-errors.js';
import type { GuardedPath, PathGuard } from '../paths/path-guard.js';
import { openFileForReading } from '../paths/verified-open.js';
import { createLineScanner, type LineMatch, type ScanSettings } from './line-scanner.js';
import type { EntryMatcher } from './patterns.js';
import { RegexWorker } from './regex-worker.js';
import { compareNames, TreeWalk } from './walker.js';

export interface ContentSearchOptions {
  guard: PathGuard;
  /** A checked directory (searched recursively) or file. */
  root: GuardedPath;
  settings: ScanSettings;
  /** Only files matching these are searched (all when absent); a file given as root always is. */
  include?: EntryMatcher;
  /** Files and whole directories left out. */
  exclude?: EntryMatcher;
  gitignore: boolean;
  maxResults: number;
  timeoutMs: number;
  signal: AbortSignal;
  progress?: (filesSearched: number, matches: number) => void;
}

export interface FileMatch extends LineMatch {
  /** Full (real) path of the file. */
  path: string;
}

export interface ContentSearchResult {
  /** In path order, then line order; at most maxResults. */
  matches: FileMatch[];
  filesSearched: number;
  binarySkipped: number;
  /** Files and directories that could not be read. */
  unreadable: number;
  truncated?: 'results' | 'time';
  /** When the time ran out with the regex still matching in this file: likely catastrophic backtracking. */
  slowFile?: string;
}

/** Big enough to keep syscalls few, small enough to keep memory flat. */
const CHUNK_BYTES = 64 * 1024;
/** How long a stopped search waits for its searchers' reads in flight before answering. */
const STOP_GRACE_MS = 1000;
/** What git and grep look at to tell binary from text: a NUL in the first 8 KiB. */
const SNIFF_BYTES = 8 * 1024;
/**
 * Files searched at once: overlaps the open/verify/read/close round trips of small files,
 * which cost far more than matching them.
 */
const FILE_CONCURRENCY = 8;
/** The walk waits while this many files are queued, until the queue is down to the low mark. */
const QUEUE_HIGH = 1024;
const QUEUE_LOW = 256;
const PROGRESS_EVERY_MS = 250;

interface QueuedFile {
  real: string;
}

/** Files found by the walk, waiting for a searcher; it holds the walk when it gets long. */
class FileQueue {
  private items: Array<QueuedFile | undefined> = [];
  private head = 0;
  private closed = false;
  private takers: Array<(file: QueuedFile | undefined) => void> = [];
  private roomWaiters: Array<() => void> = [];

  get size(): number {
    return this.items.length - this.head;
  }

  push(file: QueuedFile): void {
    if (this.closed) return;
    const taker = this.takers.shift();
    if (taker) taker(file);
    else this.items.push(file);
  }

  take(): Promise<QueuedFile | undefined> | QueuedFile | undefined {
    if (this.head < this.items.length) {
      const file = this.items[this.head];
      this.items[this.head++] = undefined;
      if (this.head >= 4096 && this.head * 2 >= this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
      if (this.size <= QUEUE_LOW) this.releaseRoom();
      return file;
    }
    if (this.closed) return undefined;
    return new Promise((resolve) => this.takers.push(resolve));
  }

  /** For the walk: a promise to wait on while the queue is full. */
  room(): Promise<void> | undefined {
    if (this.closed || this.size < QUEUE_HIGH) return undefined;
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  /** No more files: waiting searchers get `undefined`, a held walk goes on (and sees it stopped). */
  close(drop = false): void {
    this.closed = true;
    if (drop) {
      this.items = [];
      this.head = 0;
    }
    for (const taker of this.takers.splice(0)) taker(undefined);
    this.releaseRoom();
  }

  private releaseRoom(): void {
    for (const waiter of this.roomWaiters.splice(0)) waiter();
  }
}

/**
 * Scans chunks where the matching runs: in this thread (literal) or in the regex worker.
 * Matches go to the `onMatch` the scanner was made with, tagged with the file number.
 */
interface ChunkScanner {
  /** Resolves when the chunk is scanned; `done` when the file's limit is reached. */
  scan(file: number, label: string, limit: number, bytes: Uint8Array, final: boolean): Promise<{ done: boolean }>;
  close(): Promise<void>;
}

/** Literal search cannot backtrack: it runs here, without a thread hop per chunk. */
function inThreadScanner(settings: ScanSettings, onMatch: (file: number, match: LineMatch) => void): ChunkScanner {
  const scanner = createLineScanner(settings);
  return {
    async scan(file, _label, limit, bytes, final) {
      return { done: scanner.chunk(file, limit, bytes, final, onMatch) };
    },
    async close() {},
  };
}

function workerScanner(worker: RegexWorker): ChunkScanner {
  return {
    scan: (file, label, limit, bytes, final) => worker.scan(file, label, limit, bytes.length > 0 ? bytes : undefined, final),
    close: () => worker.terminate(),
  };
}

/**
 * grep over a tree: the walk (same rules as every other walk: no symlink followed, every
 * directory read verified) feeds a queue of regular files; a few searchers open each one
 * through the verified open, skip it when binary, and stream it in chunks to the line
 * scanner. Regular expressions are matched in a worker thread that is terminated when the
 * time budget runs out or the call is cancelled, so a catastrophic pattern cannot freeze
 * the server; literal text is matched here. Stops at maxResults (+1 to know there were
 * more), the time budget, or cancellation (which rejects with the signal's reason).
 */
export async function searchContent(options: ContentSearchOptions): Promise<ContentSearchResult> {
  const { guard, root, settings, include, signal, maxResults } = options;
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  signal.throwIfAborted();

  const rootInfo = await lstat(root.real).catch((error: unknown) => fsError(error, root.requested));
  if (!rootInfo.isDirectory() && !rootInfo.isFile()) {
    throw invalidInput(`${root.requested} is neither a directory nor a regular file (a device, socket or pipe), so it is not searched.`);
  }
  const queue = new FileQueue();
  const perFile = new Map<string, LineMatch[]>();
  /** File numbers of the files being searched, to their paths. */
  const fileNames = new Map<number, string>();
  let found = 0;
  let filesSearched = 0;
  let binarySkipped = 0;
  let unreadable = 0;
  let stopReason: 'results' | 'time' | 'aborted' | undefined;
  let slowFile: string | undefined;
  let nextFileId = 0;
  let lastProgress = Date.now();

  const onMatch = (file: number, match: LineMatch) => {
    const path = fileNames.get(file);
    if (path === undefined || stopReason === 'aborted') return;
    let list = perFile.get(path);
    if (!list) {
      list = [];
      perFile.set(path, list);
    }
    list.push(match);
    found++;
    if (found > maxResults) stop('results');
  };
  const worker = settings.regex ? new RegexWorker(settings, onMatch) : undefined;
  const scanner = worker ? workerScanner(worker) : inThreadScanner(settings, onMatch);

  let walk: TreeWalk<null> | undefined;
  let announceStop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    announceStop = resolve;
  });
  const stop = (reason: 'results' | 'time' | 'aborted') => {
    if (stopReason) return;
    announceStop();
    const busy = worker?.busyWith;
    // One chunk taking a good part of the budget is not slow disk: it is the regex backtracking.
    if (reason === 'time' && busy && Date.now() - busy.since >= Math.min(1000, options.timeoutMs / 2)) slowFile = busy.file;
    stopReason = reason;
    walk?.stop(reason === 'aborted' ? 'time' : reason);
    queue.close(true);
    // Ends a regex stuck on one line: its pending chunk rejects and its searcher returns.
    void scanner.close();
  };
  const timer = setTimeout(() => stop('time'), Math.max(0, deadline - Date.now()));
  const onAbort = () => stop('aborted');
  signal.addEventListener('abort', onAbort, { once: true });

  const searchOne = async (real: string, buffer: Uint8Array) => {
    let opened: Awaited<ReturnType<typeof openFileForReading>>;
    try {
      opened = await openFileForReading(guard, real, real);
    } catch {
      // Unreadable, vanished, or swapped for a link since the walk saw it (refused).
      unreadable++;
      return;
    }
    const id = nextFileId++;
    fileNames.set(id, real);
    const limit = maxResults + 1 - found;
    try {
      let position = 0;
      for (let first = true; ; first = false) {
        if (stopReason) return;
        const { bytesRead } = await opened.handle.read(buffer, 0, CHUNK_BYTES, position);
        if (first) {
          if (buffer.subarray(0, Math.min(bytesRead, SNIFF_BYTES)).includes(0)) {
            binarySkipped++;
            return;
          }
          filesSearched++;
        }
        position += bytesRead;
        // Stop at the size the file had when opened: a log growing meanwhile is not chased.
        const final = bytesRead < CHUNK_BYTES || position >= opened.info.size;
        if (stopReason) return;
        const { done } = await scanner.scan(id, real, limit, buffer.subarray(0, bytesRead), final);
        if (done && !final) {
          // The file's share of matches is in; tell the scanner the file ended.
          await scanner.scan(id, real, limit, new Uint8Array(0), true);
          return;
        }
        if (final) return;
      }
    } catch (error) {
      // A stop terminated the worker under this chunk; anything else is a real failure.
      if (!stopReason) throw error;
    } finally {
      // Not forgotten when stopped: matches the worker already posted may still be arriving.
      if (!stopReason) fileNames.delete(id);
      await opened.handle.close();
      const now = Date.now();
      if (now - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = now;
        options.progress?.(filesSearched, found);
      }
    }
  };

  const searcher = async () => {
    // One buffer per searcher, reused for every chunk: scanners decode it (literal) or copy it (regex) at once.
    const buffer = new Uint8Array(CHUNK_BYTES);
    for (;;) {
      const next = queue.take();
      const file = next instanceof Promise ? await next : next;
      if (file === undefined || stopReason) return;
      await searchOne(file.real, buffer);
    }
  };

  try {
    let walked: Promise<unknown>;
    if (rootInfo.isDirectory()) {
      walk = new TreeWalk<null>({
        guard,
        root,
        signal,
        timeoutMs: options.timeoutMs,
        ...(options.exclude && { exclude: options.exclude }),
        gitignore: options.gitignore,
        holdBefore: () => queue.room(),
      });
      const base = root.real.endsWith('/') ? root.real : `${root.real}/`;
      walked = walk
        .run(null, (entry) => {
          if (entry.kind === 'file' && (!include || include(entry.relative, entry.name, false)))
            queue.push({ real: base + entry.relative });
          return null;
        })
        .then((summary) => {
          unreadable += summary.unreadable;
          if (summary.truncated === 'time') stop('time');
        })
        .finally(() => queue.close());
    } else {
      // A single file: searched whatever include says, as grep does with a file argument.
      queue.push({ real: root.real });
      queue.close();
      walked = Promise.resolve();
    }
    const searchers = Array.from({ length: FILE_CONCURRENCY }, searcher);
    const settled = Promise.allSettled([walked, ...searchers]);
    // Once stopped, searchers only finish the read they are in. One stuck in a read on a
    // hung filesystem is left to finish unobserved (it closes its file when it does), as
    // the walker does, so the answer is not held past the time limit.
    const abandoned = stopped.then(
      () => new Promise<'abandoned'>((resolve) => setTimeout(() => resolve('abandoned'), STOP_GRACE_MS).unref()),
    );
    const outcome = await Promise.race([settled, abandoned]);
    if (stopReason === 'aborted') signal.throwIfAborted();
    const failed =
      outcome === 'abandoned' ? undefined : outcome.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
    if (!stopReason) await scanner.close();
  }

  const matches: FileMatch[] = [];
  for (const path of [...perFile.keys()].sort(compareNames)) {
    for (const match of perFile.get(path) as LineMatch[]) {
      if (matches.length === maxResults) break;
      matches.push({ path, ...match });
    }
  }
  const truncated = stopReason === 'results' || found > maxResults ? 'results' : stopReason === 'time' ? 'time' : undefined;
  return {
    matches,
    filesSearched,
    binarySkipped,
    unreadable,
    ...(truncated && { truncated }),
    ...(slowFile && { slowFile }),
  };
}
