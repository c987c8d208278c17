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
import type { TasksApp } from './app.js';
import { tasksServer } from './create-server.js';

export interface TasksHarness {
  client: TestClient;
  server: RunningServer<TasksApp>;
  dir: TempDir;
  logs: ReturnType<typeof captureLogger>;
  close(): Promise<void>;
}

/** How the client reaches the in-process server: a linked in-memory pair, or real HTTP. */
export type HarnessTransport = 'memory' | 'http';

/**
 * The real tasks server on a temp SQLite file, in process, with a client of `kind` —
 * over an in-memory pair (served as stdio is) or over Streamable HTTP on loopback.
 */
export async function startTasks(
  kind: ClientKind,
  argv: string[] = [],
  clientOptions: ClientOptions = {},
  via: HarnessTransport = 'memory',
): Promise<TasksHarness> {
  const dir = await makeTempDir('mcpkit-tasks-');
  const logs = captureLogger();
  const logger = createLogger({ name: 'mcpkit-tasks', level: 'debug', destination: logs.stream });
  const base = ['--db', dir.join('tasks.db'), '--actor', 'ada', ...argv];
  let server: RunningServer<TasksApp>;
  let client: TestClient;
  if (via === 'http') {
    server = await startServer(tasksServer, { argv: [...base, '--http', '--port', '0'], env: {}, logger });
    client = await connectClient(kind, httpTransport(kind, server.url as string, server.generatedKey), clientOptions);
  } else {
    const { client: clientSide, server: serverSide } = linkedTransports();
    server = await startServer(tasksServer, { argv: base, env: {}, logger, transport: serverSide });
    client = await connectClient(kind, clientSide, clientOptions);
  }
  return {
    client,
    server,
    dir,
    logs,
    async close() {
      await client.close().catch(() => {});
      await server.close();
      await dir.remove();
    },
  };
}
