import { fileURLToPath } from 'node:url';
import {
  assertBuilt as assertBinBuilt,
  binCommand,
  type HttpProcess,
  type SpawnedProcess,
  type SpawnedServer,
  spawnBin,
  startHttpBin,
  type TempDir,
  useSpawnSandbox as useBinSandbox,
} from '@mcpkit/testing';

export {
  childOf,
  drainStderr,
  type ExitStatus,
  exitOf,
  isAlive,
  killIfAlive,
  PROCESS_TIMEOUT_MS,
  poll,
  SPAWN_TEST_TIMEOUT_MS,
  withTimeout,
} from '@mcpkit/testing';

/** The built `mcpkit-tasks` binary that these tests run as a child process. */
export const TASKS_BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/**
 * Rate limits high enough that a test's burst of calls is never refused: the defaults
 * (120 calls per tool per minute) would turn a stream of writes into rate-limit errors.
 */
export const NO_RATE_LIMITS = ['--rate-limit', '1000000/60s', '--tool-rate-limit', '1000000/60s'] as const;

export type TasksProcess = SpawnedProcess;
export type HttpTasks = HttpProcess;

export const assertBuilt = (): void => assertBinBuilt(TASKS_BIN);
export const tasksCommand = (args: readonly string[], home: string): SpawnedServer => binCommand(TASKS_BIN, args, home);
export const spawnTasks = (args: readonly string[], home: string): TasksProcess => spawnBin(TASKS_BIN, args, home);
export const startHttpTasks = (args: readonly string[], home: string): Promise<HttpTasks> => startHttpBin(TASKS_BIN, args, home);
export const useSpawnSandbox = (prefix: string): { readonly dir: TempDir; track(pid: number | undefined): void } =>
  useBinSandbox(TASKS_BIN, prefix);
