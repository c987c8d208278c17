import { afterEach, beforeAll, beforeEach } from 'vitest';
import { assertBuilt, killIfAlive } from './spawned-process.js';
import { makeTempDir, type TempDir } from './temp-dir.js';

/**
 * The per-test sandbox of a describe block that spawns the bin: checks the build once,
 * gives each test a fresh temp directory (`sandbox.dir`), and kills every process the
 * test registered with `track` before removing that directory.
 */
export function useSpawnSandbox(bin: string, prefix: string): { readonly dir: TempDir; track(pid: number | undefined): void } {
  let dir: TempDir | undefined;
  const pids: Array<number | undefined> = [];
  beforeAll(() => assertBuilt(bin));
  beforeEach(async () => {
    dir = await makeTempDir(prefix);
  });
  afterEach(async () => {
    for (const pid of pids.splice(0)) killIfAlive(pid);
    await dir?.remove();
  });
  return {
    get dir() {
      if (!dir) throw new Error('the sandbox directory exists only inside a test');
      return dir;
    },
    track: (pid) => {
      pids.push(pid);
    },
  };
}
