import { mkdirSync, writeFileSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, readlink, realpath } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { createLogger, type RunningServer, startServer } from '@mcpkit/core';
import {
  type ClientKind,
  type ClientOptions,
  captureLogger,
  closedAfterEach,
  connectClient,
  httpTransport,
  linkedTransports,
  makeTempDir,
  type TempDir,
  type TestClient,
} from '@mcpkit/testing';
import type { FilesystemApp } from './app.js';
import { filesystemServer } from './create-server.js';

export interface FilesystemHarness {
  client: TestClient;
  server: RunningServer<FilesystemApp>;
  /** The test's scratch directory (real path): holds `allowed/` and `outside/`. */
  dir: TempDir;
  /** The allowed directory the server was started with (real path). */
  allowed: string;
  /** A sibling directory the server must never touch. */
  outside: string;
  logs: ReturnType<typeof captureLogger>;
  /** Stops client and server and removes the scratch directory; a second call waits for the first. */
  close(): Promise<void>;
}

export interface StartFilesystemOptions {
  /** Extra command-line arguments (`--read-only`, `--max-read-bytes 2048`). */
  argv?: string[];
  /** Allowed directories to pass instead of `allowed/` (paths inside the scratch dir). */
  directories?: (dir: TempDir) => string[];
  client?: ClientOptions;
  /** Prepares the scratch directory before the server starts (symlinked roots, fixtures). */
  setup?: (dir: TempDir) => Promise<unknown>;
  /** A linked in-memory pair (served as stdio is) or real Streamable HTTP on loopback. */
  via?: 'memory' | 'http';
}

/**
 * The real filesystem server, in process, allowed `<scratch>/allowed`, with a client of
 * `kind`. The scratch directory is resolved to its real path first (macOS puts temp
 * directories behind /var → /private/var), so tests compare real paths.
 */
export async function startFilesystem(kind: ClientKind, options: StartFilesystemOptions = {}): Promise<FilesystemHarness> {
  const made = await makeTempDir('mcpkit-fs-');
  const root = await realpath(made.path);
  const dir: TempDir = { path: root, join: (...parts) => [root, ...parts].join('/'), remove: made.remove };
  const allowed = dir.join('allowed');
  const outside = dir.join('outside');
  await mkdir(allowed);
  await mkdir(outside);
  await options.setup?.(dir);
  const logs = captureLogger();
  const logger = createLogger({ name: 'mcpkit-filesystem', level: 'debug', destination: logs.stream });
  const base = [...(options.directories?.(dir) ?? [allowed]), ...(options.argv ?? [])];
  let server: RunningServer<FilesystemApp>;
  let client: TestClient;
  if (options.via === 'http') {
    server = await startServer(filesystemServer, { argv: [...base, '--http', '--port', '0'], env: {}, logger });
    client = await connectClient(kind, httpTransport(kind, server.url as string, server.generatedKey), options.client);
  } else {
    const { client: clientSide, server: serverSide } = linkedTransports();
    server = await startServer(filesystemServer, { argv: base, env: {}, logger, transport: serverSide });
    client = await connectClient(kind, clientSide, options.client);
  }
  let closed: Promise<void> | undefined;
  return {
    client,
    server,
    dir,
    allowed,
    outside,
    logs,
    close() {
      closed ??= (async () => {
        await client.close().catch(() => {});
        await server.close();
        await dir.remove();
      })();
      return closed;
    },
  };
}

/** `startFilesystem` for a file or a `describe`: every server started is closed after its test. */
export function useFilesystem(): (kind: ClientKind, options?: StartFilesystemOptions) => Promise<FilesystemHarness> {
  return closedAfterEach(startFilesystem);
}

/** Writes `files` (path relative to `base` → content) under `base`, making parent directories. */
export function makeFiles(base: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(base, path, '..'), { recursive: true });
    writeFileSync(join(base, path), content);
  }
}

/**
 * Type, mode, inode and content of every entry under the scratch directory (or only under the
 * `within` folders of it), keyed by path relative to it: comparing two snapshots shows that
 * nothing changed, and the inode catches a rewrite with equal content.
 */
export async function snapshot(harness: FilesystemHarness, within: string[] = ['.']): Promise<Record<string, string>> {
  const entries: Record<string, string> = {};
  for (const folder of within) {
    for (const dirent of await readdir(join(harness.dir.path, folder), { recursive: true, withFileTypes: true })) {
      const path = join(dirent.parentPath, dirent.name);
      const info = await lstat(path);
      const key = relative(harness.dir.path, path);
      if (info.isSymbolicLink()) entries[key] = `link -> ${await readlink(path)}`;
      else if (info.isDirectory()) entries[key] = `dir ${info.mode.toString(8)}`;
      else entries[key] = `file ${info.mode.toString(8)} ino ${info.ino} ${await readFile(path, 'utf8')}`;
    }
  }
  return entries;
}
