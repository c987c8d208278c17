import { createLogger, type RunningServer, startServer } from '@mcpkit/core';
import {
  type ClientKind,
  type ClientOptions,
  captureLogger,
  connectClient,
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

/** The real tasks server on a temp SQLite file, in process, with a client of `kind`. */
export async function startTasks(kind: ClientKind, argv: string[] = [], clientOptions: ClientOptions = {}): Promise<TasksHarness> {
  const dir = await makeTempDir('mcpkit-tasks-');
  const logs = captureLogger();
  const { client: clientSide, server: serverSide } = linkedTransports();
  const server = await startServer(tasksServer, {
    argv: ['--db', dir.join('tasks.db'), '--actor', 'ada', ...argv],
    env: {},
    logger: createLogger({ name: 'mcpkit-tasks', level: 'debug', destination: logs.stream }),
    transport: serverSide,
  });
  const client = await connectClient(kind, clientSide, clientOptions);
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
