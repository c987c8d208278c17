import { Worker } from 'node:worker_threads';
import { createLineScanner, type LineMatch, type ScanSettings } from './line-scanner.js';

/** One chunk of one file for the worker to scan. */
interface ScanRequest {
  id: number;
  file: number;
  /** Matches wanted from this file at most (used when the file's scan starts). */
  limit: number;
  bytes?: ArrayBuffer;
  length: number;
  final: boolean;
}

/**
 * The worker's messages: a match the moment it is found, or the answer to one chunk —
 * which hands the chunk's buffer back for reuse.
 */
type WorkerMessage = { file: number; match: LineMatch } | { id: number; done: boolean; bytes?: ArrayBuffer };

export interface ChunkResult {
  /** The file's limit is reached: the rest of it is not needed. */
  done: boolean;
}

/** Buffers kept for reuse: enough for the chunks in flight (a few files at a time). */
const MAX_SPARE_BUFFERS = 16;
/** The read size of content search: smaller chunks still get a buffer this big, for reuse. */
const MIN_CHUNK_BYTES = 64 * 1024;

/** Why the worker's pending requests failed: it was terminated on purpose. */
export class WorkerStopped extends Error {
  override readonly name = 'WorkerStopped';
}

/**
 * The worker's side, run from its source text (see `RegexWorker`): one scan per file,
 * chunks in order. Each match is posted as soon as it is found — a post leaves even while
 * the worker is stuck on the next line — and each chunk gets an answer when scanned.
 * Self-contained like `createLineScanner`.
 */
function workerMain(
  port: {
    on(event: 'message', listener: (request: ScanRequest) => void): void;
    postMessage(message: WorkerMessage, transfer?: ArrayBuffer[]): void;
  },
  settings: ScanSettings,
  create: typeof createLineScanner,
): void {
  const scanner = create(settings);
  port.on('message', (request) => {
    // The scanner decodes the bytes at once and keeps none of them, so the buffer can go back.
    const bytes = request.bytes ? new Uint8Array(request.bytes, 0, request.length) : undefined;
    const done = scanner.chunk(request.file, request.limit, bytes, request.final, (file, match) => port.postMessage({ file, match }));
    if (request.bytes) port.postMessage({ id: request.id, done, bytes: request.bytes }, [request.bytes]);
    else port.postMessage({ id: request.id, done });
  });
}

/**
 * The worker's program. Node 20 cannot start a worker from a .ts file, and tsc only
 * emits what is imported, so the worker is built from the source text of two
 * self-contained functions: the same text under vitest (TypeScript, transformed) and from
 * `dist` (compiled). `__name` covers a transform that keeps function names with a helper.
 */
const WORKER_SOURCE = [
  "'use strict';",
  'const __name = (target) => target;',
  "const { parentPort, workerData } = require('node:worker_threads');",
  `(${workerMain.toString()})(parentPort, workerData, ${createLineScanner.toString()});`,
].join('\n');

/**
 * Runs regular-expression matching in a worker thread. A regex can take exponential time
 * on some lines (`(a+)+$` on a long run of `a`s); on the main thread that would freeze the
 * whole server, timers and cancellation included. In a worker, the caller stays free to
 * `terminate()` it when the time budget runs out or the call is cancelled. The worker only
 * ever sees bytes: the main thread walks, checks and opens every file, so containment
 * stays in one place.
 */
export class RegexWorker {
  private readonly worker: Worker;
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve: (result: ChunkResult) => void; reject: (error: Error) => void; file: string; since: number }
  >();
  private failure: Error | undefined;
  /**
   * Chunk buffers back from the worker, reused for the next chunks. Moved buffers are
   * memory outside the V8 heap, which a heap limit does not bound and V8 collects late:
   * without reuse, a 1 GiB search left ~100 MiB of spent chunks waiting for collection.
   */
  private readonly spare: ArrayBuffer[] = [];

  /** `onMatch` receives every match, tagged with the file number given to `scan`. */
  constructor(
    settings: ScanSettings,
    private readonly onMatch: (file: number, match: LineMatch) => void,
  ) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: settings,
      // Lines are held whole (up to 1 MiB each) and chunks pass through one at a time: a
      // small heap is plenty, and a tight one keeps the search's peak memory low (V8 grows
      // a heap towards its limit before it collects).
      resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 },
    });
    this.worker.on('message', (message: WorkerMessage) => {
      if ('match' in message) {
        if (!this.failure) this.onMatch(message.file, message.match);
        return;
      }
      if (message.bytes && this.spare.length < MAX_SPARE_BUFFERS) this.spare.push(message.bytes);
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      waiter.resolve({ done: message.done });
    });
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', () => this.failAll(new WorkerStopped('the regex worker stopped')));
  }

  /**
   * Scans the next chunk of file number `file` (`label` names it in messages). The bytes
   * are copied into a buffer of the pool, which is moved (transferred) to the worker and back,
   * so the caller may reuse its buffer at once.
   */
  scan(file: number, label: string, limit: number, bytes: Uint8Array | undefined, final: boolean): Promise<ChunkResult> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<ChunkResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, file: label, since: Date.now() });
      const request: ScanRequest = { id, file, limit, length: bytes?.length ?? 0, final };
      if (bytes) {
        const reused = this.spare.pop();
        const buffer = reused && reused.byteLength >= bytes.length ? reused : new ArrayBuffer(Math.max(bytes.length, MIN_CHUNK_BYTES));
        new Uint8Array(buffer).set(bytes);
        request.bytes = buffer;
        this.worker.postMessage(request, [buffer]);
      } else {
        this.worker.postMessage(request);
      }
    });
  }

  /** The oldest unanswered chunk (replies come in order, so the worker is busy with it), and since when. */
  get busyWith(): { file: string; since: number } | undefined {
    for (const { file, since } of this.pending.values()) return { file, since };
    return undefined;
  }

  async terminate(): Promise<void> {
    this.failAll(new WorkerStopped('the regex worker was stopped'));
    await this.worker.terminate();
  }

  private failAll(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.pending.values()) waiter.reject(this.failure);
    this.pending.clear();
  }
}
