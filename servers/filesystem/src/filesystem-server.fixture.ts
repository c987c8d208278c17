import { mkdir, realpath } from 'node:fs/promises';
import { createLogger, type RunningServer, startServer } from '@mcpkit/core';
import {
  type ClientKind,
  type ClientOptions,
  captureLogger,
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
  return {
    client,
    server,
    dir,
    allowed,
    outside,
    logs,
    async close() {
      await client.close().catch(() => {});
      await server.close();
      await dir.remove();
    },
  };
}
