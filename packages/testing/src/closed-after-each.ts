import { afterEach } from 'vitest';

/**
 * Wraps a harness's `start` so that everything it starts is closed after the test that
 * started it, pass or fail. Call it at the top of a file or a `describe`.
 */
export function closedAfterEach<Args extends unknown[], Harness extends { close(): Promise<void> }>(
  start: (...args: Args) => Promise<Harness>,
): (...args: Args) => Promise<Harness> {
  const started: Harness[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((harness) => harness.close()));
  });
  return async (...args) => {
    const harness = await start(...args);
    started.push(harness);
    return harness;
  };
}
